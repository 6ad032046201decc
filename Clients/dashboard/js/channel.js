// The page's one WebSocket: opened when first needed, shared by the live feed and every other call, and opened again
// after it closes.

export class Channel {
  /** @param {() => Promise<import("./client.js").Connection>} open */
  constructor(open) {
    this.open = open;
    this.pending = null;
  }

  /** The open connection, or the one being opened. */
  get() {
    if (!this.pending) {
      const pending = this.open().then(
        (connection) => {
          connection.onClose(() => {
            if (this.pending === pending) this.pending = null;
          });
          return connection;
        },
        (error) => {
          if (this.pending === pending) this.pending = null;
          throw error;
        },
      );
      this.pending = pending;
    }
    return this.pending;
  }

  /** Closes the connection (signing out); the next call opens a new one. */
  async close() {
    const pending = this.pending;
    this.pending = null;
    (await pending?.catch(() => null))?.close();
  }
}
