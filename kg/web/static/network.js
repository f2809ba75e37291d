// Draw the who-met-whom network from #network-data (kg.web.network) with cytoscape, offline.
// Hover a line: its topics and dates; select it: the sentences that report the meetings,
// each linking to its place in the article. Every string is set with textContent.
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  var panel = document.getElementById("network-evidence");
  if (!holder || !source || !window.cytoscape) { return; }
  var data = JSON.parse(source.textContent);
  document.querySelectorAll(".swatch[data-colour]").forEach(function (el) {
    el.style.borderBottom = "3px solid " + el.getAttribute("data-colour");
  });
  var most = Math.max.apply(null, data.edges.map(function (e) { return e.meetings; }).concat([1]));
  var elements = data.nodes.map(function (n) { return { group: "nodes", data: n }; })
    .concat(data.edges.map(function (e) { return { group: "edges", data: e }; }));
  var cy = window.cytoscape({
    container: holder,
    elements: elements,
    // Up to a dozen people read best on a circle; more need a force layout to show clusters.
    layout: data.nodes.length <= 12
      ? { name: "circle", padding: 40, avoidOverlap: true }
      : { name: "cose", animate: false, randomize: true, nodeRepulsion: 400000, idealEdgeLength: 110,
          componentSpacing: 140, nodeOverlap: 40, gravity: 0.2, numIter: 2000,
          padding: 30 },
    style: [
      { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)",
        "font-size": 12, "text-valign": "top", "text-margin-y": -6, "width": 18, "height": 18,
        "text-outline-color": "#fff", "text-outline-width": 3, "color": "#1d232b" } },
      { selector: "edge", style: { "line-color": "#8aa4c4", "curve-style": "bezier",
        "width": "mapData(meetings, 1, " + Math.max(most, 2) + ", 2, 12)" } },
      { selector: "edge.hover", style: { "line-color": "#0b5cad" } },
      { selector: "edge:selected", style: { "line-color": "#e0a800" } }
    ],
    wheelSensitivity: 0.2,
    minZoom: 0.2,
    maxZoom: 1.4
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function names(edge) {
    return cy.getElementById(edge.source).data("label") + " – " + cy.getElementById(edge.target).data("label");
  }
  function summary(edge) {
    var box = el("div", null, "edge-summary");
    box.appendChild(el("h3", names(edge)));
    box.appendChild(el("p", edge.meetings + (edge.meetings === 1 ? " meeting" : " meetings") +
      (edge.dates.length ? " · " + edge.dates.join(", ") : "")));
    if (edge.topics.length) { box.appendChild(el("p", "About: " + edge.topics.join(", "), "topics")); }
    return box;
  }
  function show(edge, withEvidence) {
    panel.replaceChildren(summary(edge));
    if (!withEvidence) { return; }
    var list = el("ol", null, "evidence");
    edge.evidence.forEach(function (item) {
      var li = el("li");
      var quote = el(item.href ? "a" : "span", "“" + item.text + "”");
      if (item.href) { quote.href = item.href; }
      li.appendChild(quote);
      if (item.article) { li.appendChild(el("cite", " " + item.article + (item.date ? ", " + item.date : ""))); }
      list.appendChild(li);
    });
    panel.appendChild(list);
  }
  cy.on("mouseover", "edge", function (evt) { evt.target.addClass("hover"); show(evt.target.data(), false); });
  cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
  cy.on("tap", "edge", function (evt) { show(evt.target.data(), true); });
  cy.on("tap", "node", function (evt) { if (evt.target.data("href")) { window.location = evt.target.data("href"); } });
  holder.setAttribute("data-ready", "true");
  window.kgNetwork = cy;
}());
