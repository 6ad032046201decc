// The offers as dots on one canvas over the Leaflet map, drawn in one pass: a fill and a stroke for every dot at
// once. Leaflet's own markers cost a layer object and a path each, and redrawing five thousand of them after a second
// of changes took a main-thread task of 60 to 90 ms; this layer takes a few. Hovering a dot shows its offer, as text.

/** The layer class for Leaflet `L` (the page imports Leaflet only when the server serves it). */
export function pointsLayer(L) {
  return L.Layer.extend({
    initialize() {
      this.points = [];
      this.projected = [];
    },

    onAdd(map) {
      this.canvas = L.DomUtil.create("canvas", "offer-points leaflet-zoom-hide");
      this.canvas.setAttribute("aria-hidden", "true");
      map.getPane("overlayPane").appendChild(this.canvas);
      this.tooltip = L.tooltip({ direction: "top", offset: [0, -6] });
      map.on("moveend zoomend resize", this.reset, this);
      map.on("mousemove", this.hover, this);
      map.on("mouseout", this.unhover, this);
      this.reset();
    },

    onRemove(map) {
      map.off("moveend zoomend resize", this.reset, this);
      map.off("mousemove", this.hover, this);
      map.off("mouseout", this.unhover, this);
      map.closeTooltip(this.tooltip);
      L.DomUtil.remove(this.canvas);
    },

    /** `[{ latitude, longitude, free, text }]`: drawn on the next frame. */
    setPoints(points) {
      this.points = points;
      if (this._map) this.scheduleDraw();
      return this;
    },

    reset() {
      const map = this._map;
      const size = map.getSize();
      L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
      this.canvas.width = size.x;
      this.canvas.height = size.y;
      this.draw();
    },

    scheduleDraw() {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        this.draw();
      });
    },

    draw() {
      const map = this._map;
      if (!map) return;
      const context = this.canvas.getContext("2d");
      context.clearRect(0, 0, this.canvas.width, this.canvas.height);
      const filled = new Path2D();
      const hollow = new Path2D();
      this.projected = this.points.map((point) => {
        const at = map.latLngToContainerPoint([point.latitude, point.longitude]);
        const radius = 4 + Math.min(point.free, 6);
        const path = point.free > 0 ? filled : hollow;
        path.moveTo(at.x + radius, at.y);
        path.arc(at.x, at.y, radius, 0, 2 * Math.PI);
        return { x: at.x, y: at.y, radius, point };
      });
      context.lineWidth = 1;
      context.strokeStyle = "#1f5fbf";
      context.fillStyle = "rgba(31, 95, 191, 0.7)";
      context.fill(filled);
      context.stroke(filled);
      context.stroke(hollow);
    },

    /** The dot under the pointer (the nearest one, when several overlap), or none. */
    hover(event) {
      const { x, y } = event.containerPoint;
      let best = null;
      let bestDistance = Infinity;
      for (const dot of this.projected) {
        const distance = Math.hypot(dot.x - x, dot.y - y);
        if (distance <= dot.radius + 2 && distance < bestDistance) {
          best = dot;
          bestDistance = distance;
        }
      }
      if (!best) return this.unhover();
      const text = document.createElement("span");
      text.textContent = best.point.text;
      this.tooltip.setLatLng([best.point.latitude, best.point.longitude]).setContent(text);
      if (!this._map.hasLayer(this.tooltip)) this._map.openTooltip(this.tooltip);
    },

    unhover() {
      this._map?.closeTooltip(this.tooltip);
    },
  });
}
