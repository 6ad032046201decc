// The offers on a real map: Leaflet (Debian's libjs-leaflet, served by the server under /dashboard/leaflet/), with the
// tiles the académie configured (`[server] map_tiles_url`: IGN's Géoplateforme or OpenStreetMap). Without tiles it
// still draws the offers, the school, the pupil's reach and the communes' names; without Leaflet the page keeps its own
// plain map (view.js).

import { freeSeats } from "./board.js";

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
    this.layer = L.layerGroup().addTo(this.map);
    this.fitted = false;
    this.last = 0;
    this.timer = null;
  }

  /** Draws the board, at most once a second however many changes arrive (the latest board when the second is up). */
  render(board) {
    // A new board (other filters, another basin): the map fits its offers again.
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
    const L = this.L;
    this.layer.clearLayers();
    const offers = board.list().filter((offer) => offer.details?.location);
    const points = [];
    const communes = new Map();
    for (const offer of offers) {
      const { latitude, longitude } = offer.details.location;
      const free = freeSeats(offer, board.filter);
      points.push([latitude, longitude]);
      L.circleMarker([latitude, longitude], {
        radius: 4 + Math.min(free, 6),
        color: "#1f5fbf",
        weight: 1,
        fillOpacity: free > 0 ? 0.7 : 0,
        className: "offer-marker",
      })
        .bindTooltip(`${offer.details.title} — ${offer.company_name ?? ""} : ${free} place(s) libre(s)`)
        .addTo(this.layer);
      const commune = offer.details.address?.commune;
      if (commune) {
        const entry = communes.get(commune) ?? { latitude: 0, longitude: 0, count: 0 };
        entry.latitude += latitude;
        entry.longitude += longitude;
        entry.count += 1;
        communes.set(commune, entry);
      }
    }
    for (const [name, entry] of communes) {
      L.tooltip({ permanent: true, direction: "center", className: "commune-label", opacity: 0.9 })
        .setLatLng([entry.latitude / entry.count, entry.longitude / entry.count])
        .setContent(name)
        .addTo(this.layer);
    }
    const origin = board.origin;
    if (origin) {
      const at = [origin.latitude, origin.longitude];
      points.push(at);
      if (board.filter.radius_km > 0) {
        L.circle(at, { radius: board.filter.radius_km * 1000, color: "#5f6b7a", weight: 1, fill: false }).addTo(this.layer);
      }
      L.circleMarker(at, { radius: 7, color: "#b3261e", fillOpacity: 1, className: "school-marker" })
        .bindTooltip("L'établissement")
        .addTo(this.layer);
    }
    if (!this.fitted && points.length > 0) {
      this.map.fitBounds(L.latLngBounds(points), { padding: [20, 20] });
      this.fitted = true;
    }
  }
}
