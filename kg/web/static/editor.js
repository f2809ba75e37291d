// Start YASGUI on this server's /sparql, fully offline: no third-party lookups, no URL-driven
// endpoint changes, no state restored from earlier visits (so "Open in editor" shows its query).
// Completion comes from this endpoint's own data: /api/terms (the ontology's classes and
// properties, the prefixes the data uses) and /api/names (entity labels, for "strings" and kgr:).
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var form = document.getElementById("plain-editor");
  if (!root || !window.Yasgui) { return; }
  var endpoint = root.getAttribute("data-endpoint");
  var api = root.getAttribute("data-api");
  var query = document.getElementById("query").value;
  var Yasqe = window.Yasgui.Yasqe;

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); });
  }
  var vocabulary = getJSON(api + "/terms");

  function token(yasqe) { return yasqe.getCompleteToken(); }
  // Prefixed names and PREFIX declarations from our vocabulary, never prefix.cc or LOV.
  Yasqe.registerAutocompleter({
    name: "kgTerms", bulk: true, autoShow: true,
    isValidCompletionPosition: function (yasqe) {
      var t = token(yasqe).string;
      return /^[A-Za-z][\w-]*:[\w-]*$/.test(t) && !/^kgr:/.test(t);
    },
    get: function () { return vocabulary.then(function (v) { return v.terms; }); }
  }, true);
  Yasqe.registerAutocompleter({
    name: "kgPrefixes", bulk: true, autoShow: true,
    isValidCompletionPosition: function (yasqe) {
      var line = yasqe.getLine(yasqe.getDoc().getCursor().line);
      return /^\s*PREFIX\s+\w*:?$/i.test(line);
    },
    get: function () {
      return vocabulary.then(function (v) {
        return Object.keys(v.prefixes).map(function (p) { return p + ": <" + v.prefixes[p] + ">"; });
      });
    }
  }, true);
  // Entity labels: inside a "string", or after kgr: (the entity's full IRI).
  Yasqe.registerAutocompleter({
    name: "kgNames", bulk: false, autoShow: true,
    isValidCompletionPosition: function (yasqe) {
      var t = token(yasqe).string;
      return (/^"[^"]{2,}$/.test(t) || /^"[^"]{2,}"$/.test(t)) || /^kgr:\S{2,}/.test(t);
    },
    get: function (yasqe, tok) {
      var text = tok.string.replace(/^kgr:/, "").replace(/"/g, "").replace(/[-/]/g, " ");
      var asIri = /^kgr:/.test(tok.string);
      return getJSON(api + "/names?limit=15&q=" + encodeURIComponent(text)).then(function (hits) {
        return hits.map(function (h) { return asIri ? "<" + h.iri + ">" : JSON.stringify(h.label); });
      });
    }
  }, true);
  Yasqe.defaults.autocompleters = ["variables", "kgTerms", "kgPrefixes", "kgNames"];
  Yasqe.defaults.prefixCcApi = null;

  function shareLink(text) {
    return window.location.origin + window.location.pathname + "?query=" + encodeURIComponent(text);
  }
  var yasgui = new window.Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    autofocus: true,
    yasqe: { value: query, createShareableLink: function (yasqe) { return shareLink(yasqe.getValue()); } }
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(query);
  // The address bar and the share link always hold the query being edited.
  var share = document.getElementById("share-link");
  function remember() {
    var text = tab.getQuery();
    window.history.replaceState(null, "", "?query=" + encodeURIComponent(text));
    if (share) { share.href = shareLink(text); }
  }
  tab.getYasqe().on("change", remember);
  remember();
  form.hidden = true;
  root.setAttribute("data-ready", "true");
  window.kgYasgui = yasgui;
}());
