// Entity graph: pointing at (or tabbing to) an entity highlights it, its neighbours and
// the lines between them, and fades the rest. The graph and its tables work without this.
(function () {
  "use strict";
  var svg = document.getElementById("entity-graph");
  if (!svg) { return; }
  var edges = Array.prototype.slice.call(svg.querySelectorAll("line.edge"));
  var nodes = Array.prototype.slice.call(svg.querySelectorAll("a.node"));
  var near = {};
  edges.forEach(function (edge) {
    var a = edge.dataset.a, b = edge.dataset.b;
    (near[a] = near[a] || {})[b] = true;
    (near[b] = near[b] || {})[a] = true;
  });

  function focus(node) {
    var id = node.dataset.id, around = near[id] || {};
    svg.classList.add("focusing");
    nodes.forEach(function (n) {
      n.classList.toggle("near", n === node || around[n.dataset.id] === true);
    });
    edges.forEach(function (e) {
      e.classList.toggle("near", e.dataset.a === id || e.dataset.b === id);
    });
  }
  function blur() {
    svg.classList.remove("focusing");
    svg.querySelectorAll(".near").forEach(function (el) { el.classList.remove("near"); });
  }
  nodes.forEach(function (node) {
    node.addEventListener("mouseenter", function () { focus(node); });
    node.addEventListener("focus", function () { focus(node); });
    node.addEventListener("mouseleave", blur);
    node.addEventListener("blur", blur);
  });
})();
