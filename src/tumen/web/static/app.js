/* tumen: draws the offline incident map from vendored TopoJSON (no network, no eval). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function region(points) {
    /* North-East and South-East Asia, widened to include every stop of the route. */
    var lons = [92, 146], lats = [2, 50];
    points.forEach(function (p) {
      lons = [Math.min(lons[0], p[0] - 3), Math.max(lons[1], p[0] + 3)];
      lats = [Math.min(lats[0], p[1] - 3), Math.max(lats[1], p[1] + 3)];
    });
    return { type: "Feature", geometry: { type: "MultiPoint", coordinates: [
      [lons[0], lats[0]], [lons[1], lats[1]], [lons[0], lats[1]], [lons[1], lats[0]]] } };
  }

  function draw(box, world) {
    var points = JSON.parse(box.getAttribute("data-route") || "[]");
    var width = 800, height = 600;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
                          "aria-label": box.getAttribute("aria-label") || "Map" });
    var projection = d3.geoMercator().fitExtent([[10, 10], [width - 10, height - 10]], region(points));
    var path = d3.geoPath(projection);
    var land = topojson.feature(world, world.objects.countries);
    land.features.forEach(function (f) {
      var d = path(f);
      if (d) { svg.appendChild(el("path", { d: d, "class": "land" })); }
    });
    var xy = points.map(function (p) { return projection([p[0], p[1]]); });
    if (xy.length > 1) {
      svg.appendChild(el("polyline", { "class": "route",
        points: xy.map(function (q) { return q[0].toFixed(1) + "," + q[1].toFixed(1); }).join(" ") }));
    }
    xy.forEach(function (q, i) {
      svg.appendChild(el("circle", { cx: q[0], cy: q[1], r: 6, "class": "stop" }));
      var label = el("text", { x: q[0] + 9, y: q[1] - 7, "class": "label" });
      label.textContent = (i + 1) + ". " + points[i][2];
      svg.appendChild(label);
    });
    box.textContent = "";
    box.appendChild(svg);
    box.setAttribute("data-ready", "1");
  }

  function init() {
    var box = document.getElementById("map");
    if (!box || typeof d3 === "undefined" || typeof topojson === "undefined") { return; }
    fetch(box.getAttribute("data-atlas"))
      .then(function (r) { return r.json(); })
      .then(function (world) { draw(box, world); })
      .catch(function () { box.textContent = "The map could not be drawn."; });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else { init(); }
})();
