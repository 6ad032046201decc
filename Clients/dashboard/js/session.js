// The page's web session: a one-time code (an invite link, or the code a school gave its pupil) exchanged at
// `/auth/signin` for a short-lived access token kept in this page's memory only, and a refresh token the browser keeps
// in an HttpOnly cookie the page never sees. The access token is renewed before it expires (`/auth/refresh`, which
// also replaces the cookie); a reload signs in again from the cookie; `/auth/signout` ends the session.

/** The French names of the roles, as the page shows them. */
export const RoleNames = {
  coordinator: "coordination académique",
  animator: "animation du bassin",
  school: "établissement",
  company: "entreprise",
  pupil: "élève",
};

/** What a sign-in link carries in its fragment: `{invite}` or `{code, basin}`, or null. */
export function linkCode(hash) {
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  if (fragment.has("invite")) return { code: fragment.get("invite") };
  if (fragment.has("code")) return { code: fragment.get("code"), basin: fragment.get("basin") ?? "" };
  return null;
}

/** The line that says who is signed in: names, never ids (« Collège Vivant-Denon · bassin de Chalon… »). */
export function describe(session) {
  const who = session.schoolName ?? session.companyName ?? RoleNames[session.role] ?? session.role;
  const parts = [who];
  if (session.role === "pupil") parts.unshift("élève");
  if (session.basinName) parts.push(`bassin ${session.basinName}`);
  return parts.join(" · ");
}

export class WebSession {
  /**
   * @param {object} options
   * @param {typeof fetch} options.fetch the page's `fetch` (tests pass their own)
   * @param {(session: object|null) => void} options.onChange told of each new access token, and of the end
   * @param {(callback: () => void, ms: number) => unknown} [options.setTimer]
   * @param {(timer: unknown) => void} [options.clearTimer]
   * @param {() => number} [options.now] Unix milliseconds
   */
  constructor({
    fetch,
    onChange,
    setTimer = (callback, ms) => setTimeout(callback, ms),
    clearTimer = (timer) => clearTimeout(timer),
    now = () => Date.now(),
  }) {
    Object.assign(this, { fetch, onChange, setTimer, clearTimer, now });
    this.current = null;
    this.timer = null;
  }

  /** The access token, for each call's metadata. */
  get token() {
    return this.current?.accessToken ?? null;
  }

  /** Exchanges a one-time code; throws an Error with the server's French message when it is refused. */
  async signIn(code, basin) {
    const body = { code };
    if (basin) body.basin = basin;
    return this.accept(await this.post("/auth/signin", body));
  }

  /** Signs in again from the cookie; resolves to null when there is no session to resume. */
  async resume() {
    const response = await this.post("/auth/refresh", {});
    if (response.status === 401) return null;
    return this.accept(response);
  }

  async signOut() {
    this.clearTimer(this.timer);
    const token = this.token;
    this.current = null;
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    try {
      await this.post("/auth/signout", {}, headers);
    } finally {
      this.onChange(null);
    }
  }

  async post(path, body, headers = {}) {
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  }

  async accept(response) {
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(payload.error ?? `la connexion a échoué (${response.status})`);
    this.current = payload;
    this.schedule();
    this.onChange(payload);
    return payload;
  }

  /** Renews the access token a minute before it expires (at once when it has less than that left). */
  schedule() {
    this.clearTimer(this.timer);
    const delay = Math.max(0, this.current.expiresAt - this.now() - 60_000);
    this.timer = this.setTimer(async () => {
      try {
        if (!(await this.resume())) this.end();
      } catch {
        this.end();
      }
    }, delay);
  }

  end() {
    this.current = null;
    this.onChange(null);
  }
}
