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
        var geo = topojson.feature(topo, topo.objects.countries);
        // Antarctica adds nothing but a stripe; countries across the antimeridian (Russia,
        // Fiji, the USA) get their far side moved by 360 degrees so no line crosses the map.
        geo.features = geo.features.filter(function (f) { return f.id !== "010"; });
        geo.features.forEach(unwrap);
        return geo;
      });
    }
    return world;
  }

  function eachPoint(coords, fn) {
    if (typeof coords[0] === "number") { fn(coords); return; }
    coords.forEach(function (c) { eachPoint(c, fn); });
  }

  function unwrap(feature) {
    var g = feature.geometry;
    if (!g) { return; }
    var lo = 180, hi = -180, east = 0, west = 0;
    eachPoint(g.coordinates, function (p) {
      lo = Math.min(lo, p[0]); hi = Math.max(hi, p[0]);
      if (p[0] >= 0) { east += 1; } else { west += 1; }
    });
    if (hi - lo < 300) { return; }
    eachPoint(g.coordinates, function (p) {
      if (east >= west && p[0] < -90) { p[0] += 360; }
      if (west > east && p[0] > 90) { p[0] -= 360; }
    });
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
