// Start YASGUI on this server's /sparql, fully offline: no third-party lookups, no URL-driven
// endpoint changes, no state restored from earlier visits (so "Open in editor" shows its query).
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var form = document.getElementById("plain-editor");
  if (!root || !window.Yasgui) { return; }
  var endpoint = root.getAttribute("data-endpoint");
  var query = document.getElementById("query").value;

  // Only local completers: "variables" reads the query, "prefixes" uses YASQE's bundled list
  // (prefixCcApi null means it never fetches prefix.cc). "property"/"class" would call LOV.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    autofocus: true,
    yasqe: { value: query }
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(query);
  form.hidden = true;
  root.setAttribute("data-ready", "true");
  window.kgYasgui = yasgui;
}());
