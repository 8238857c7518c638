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
    /* Around the route (at least 16 degrees wide), or all of North-East and South-East Asia. */
    var lons = [92, 146], lats = [2, 50];
    if (points.length) {
      var xs = points.map(function (p) { return p[0]; }), ys = points.map(function (p) { return p[1]; });
      var cx = (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2;
      var cy = (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2;
      var half = Math.max(8, (Math.max.apply(null, xs) - Math.min.apply(null, xs)) / 2 + 4,
                          (Math.max.apply(null, ys) - Math.min.apply(null, ys)) / 2 + 4);
      lons = [cx - half, cx + half];
      lats = [cy - half * 0.75, cy + half * 0.75];
    }
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
