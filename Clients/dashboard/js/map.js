// The offers on a real map: Leaflet (Debian's libjs-leaflet, served by the server under /dashboard/leaflet/), with the
// tiles the académie configured (`[server] map_tiles_url`: IGN's Géoplateforme or OpenStreetMap). Without tiles it
// still draws the offers, the school, the pupil's reach and the communes' names; without Leaflet the page keeps its own
// plain map (view.js).

import { freeSeats } from "./board.js";
import { pointsLayer } from "./points.js";

export class OfferMap {
  /** A map in `container`, or null when the server does not serve Leaflet. */
  static async create(container) {
    let L;
    try {
      L = await import("../leaflet/leaflet.esm.js");
    } catch {
      return null;
    }
    const config = await fetch("map.json")
      .then((response) => response.json())
      .catch(() => ({}));
    return new OfferMap(L, container, config);
  }

  constructor(L, container, config) {
    this.L = L;
    container.hidden = false;
    this.map = L.map(container, { zoomControl: false, attributionControl: Boolean(config.tiles) });
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(this.map);
    if (config.tiles) L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.attribution ?? "" }).addTo(this.map);
    const Points = pointsLayer(L);
    this.points = new Points().addTo(this.map);
    this.labels = L.layerGroup().addTo(this.map);
    this.origin = L.layerGroup().addTo(this.map);
    this.communes = "";
    this.fitted = false;
    this.last = 0;
    this.timer = null;
  }

  /** Draws the board, at most once a second however many changes arrive (the latest board when the second is up). */
  render(board) {
    // A new board (other filters, another basin): the map starts over and fits its offers again.
    if (board !== this.board) {
      this.board = board;
      this.fitted = false;
    }
    const wait = this.last + 1000 - Date.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.render(this.board);
      }, wait);
      return;
    }
    this.last = Date.now();
    this.draw(this.board);
  }

  draw(board) {
    const offers = board.list().filter((offer) => offer.details?.location);
    const points = [];
    const communes = new Map();
    const dots = offers.map((offer) => {
      const { latitude, longitude } = offer.details.location;
      const free = freeSeats(offer, board.filter);
      points.push([latitude, longitude]);
      const commune = offer.details.address?.commune;
      if (commune) {
        const entry = communes.get(commune) ?? { latitude: 0, longitude: 0, count: 0 };
        entry.latitude += latitude;
        entry.longitude += longitude;
        entry.count += 1;
        communes.set(commune, entry);
      }
      return { latitude, longitude, free, text: `${offer.details.title} — ${offer.company_name ?? ""} : ${free} place(s) libre(s)` };
    });
    this.points.setPoints(dots);
    this.drawCommunes(communes);
    this.drawOrigin(board, points);
    if (!this.fitted && points.length > 0) {
      this.map.fitBounds(this.L.latLngBounds(points), { padding: [20, 20] });
      this.fitted = true;
    }
  }

  /** The communes' names at the middle of their offers, drawn again only when a name comes or goes or a label moves. */
  drawCommunes(communes) {
    const labels = [...communes].map(([name, entry]) => [
      name,
      Number((entry.latitude / entry.count).toFixed(3)),
      Number((entry.longitude / entry.count).toFixed(3)),
    ]);
    const key = JSON.stringify(labels);
    if (key === this.communes) return;
    this.communes = key;
    this.labels.clearLayers();
    for (const [name, latitude, longitude] of labels) {
      this.L.tooltip({ permanent: true, direction: "center", className: "commune-label", opacity: 0.9 })
        .setLatLng([latitude, longitude])
        .setContent(textNode(name))
        .addTo(this.labels);
    }
  }

  /** The school (or the chosen point) and the radius around it. */
  drawOrigin(board, points) {
    const L = this.L;
    this.origin.clearLayers();
    const origin = board.origin;
    if (!origin) return;
    const at = [origin.latitude, origin.longitude];
    points.push(at);
    if (board.filter.radius_km > 0) {
      L.circle(at, { radius: board.filter.radius_km * 1000, color: "#5f6b7a", weight: 1, fill: false }).addTo(this.origin);
    }
    L.circleMarker(at, { radius: 7, color: "#b3261e", fillOpacity: 1, className: "school-marker" })
      .bindTooltip(textNode("L'établissement"))
      .addTo(this.origin);
  }
}

function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}
