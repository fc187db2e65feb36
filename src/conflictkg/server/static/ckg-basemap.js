/* conflictkg: an offline basemap for Leaflet maps (Natural Earth country shapes from the
 * vendored world-atlas TopoJSON; no tile server, no network access beyond /static). */
(function () {
  "use strict";
  var script = document.getElementById("ckg-basemap");
  var worldUrl = script ? script.getAttribute("data-world") : null;
  var world = null;

  function loadWorld() {
    if (!world) {
      world = fetch(worldUrl).then(function (r) {
        if (!r.ok) { throw new Error("basemap: HTTP " + r.status); }
        return r.json();
      }).then(function (topo) {
        return topojson.feature(topo, topo.objects.countries);
      });
    }
    return world;
  }

  /* Adds the country shapes under everything else on `map`; returns a promise. */
  window.ckgBasemap = function (map) {
    var pane = map.createPane("ckg-basemap");
    pane.style.zIndex = 200;
    pane.style.pointerEvents = "none";
    if (!worldUrl || typeof topojson === "undefined") { return Promise.resolve(null); }
    return loadWorld().then(function (geo) {
      return L.geoJSON(geo, {
        pane: "ckg-basemap",
        interactive: false,
        style: { color: "#9a9a9a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }
      }).addTo(map);
    }).catch(function (err) { if (window.console) { console.warn(err); } return null; });
  };
})();
