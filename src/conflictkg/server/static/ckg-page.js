/* conflictkg resource pages: the small map of a place (data-* attributes of #map). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var lat = parseFloat(el.getAttribute("data-lat"));
  var lon = parseFloat(el.getAttribute("data-long"));
  if (!isFinite(lat) || !isFinite(lon)) { return; }
  var map = L.map(el, { attributionControl: true, worldCopyJump: true }).setView([lat, lon], 7);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  window.ckgBasemap(map);
  if (window.ResizeObserver) {
    new ResizeObserver(function () { map.invalidateSize(); }).observe(el);
  }
  var marker = L.circleMarker([lat, lon], { radius: 8, color: "#b00020", weight: 2, fillColor: "#e63946", fillOpacity: 0.8 })
    .addTo(map);
  marker.bindTooltip(el.getAttribute("data-label") || "", { permanent: false });
})();
