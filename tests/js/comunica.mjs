// Query a SPARQL endpoint with Comunica (a JavaScript client that users point at endpoints)
// and print what came back as one JSON line: node comunica.mjs ENDPOINT_URL
import { QueryEngine } from '@comunica/query-sparql';

const KG = 'https://newskg.example/ontology#';
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const engine = new QueryEngine();
const context = { sources: [{ type: 'sparql', value: process.argv[2] }] };

const people = await (await engine.queryBindings(
  `SELECT ?l WHERE { ?p a <${KG}Person> ; <${LABEL}> ?l } ORDER BY ?l`, context)).toArray();
const met = await engine.queryBoolean(`ASK { ?a <${KG}metWith> ?b }`, context);
const count = await (await engine.queryBindings(
  'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', context)).toArray();
const labels = await (await engine.queryQuads(
  `CONSTRUCT { ?p <${LABEL}> ?l } WHERE { ?p a <${KG}Person> ; <${LABEL}> ?l }`, context)).toArray();
console.log(JSON.stringify({
  people: people.map((b) => b.get('l').value),
  met,
  triples: Number(count[0].get('n').value),
  constructed: labels.map((q) => [q.subject.value, q.object.value]),
}));
