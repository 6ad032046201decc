import assert from "node:assert/strict";
import { test } from "node:test";

import { WebSession, describe, linkCode } from "../js/session.js";

/** A fetch that answers from a script of responses, and records each request. */
function scripted(responses) {
  const requests = [];
  const fetch = async (path, init) => {
    requests.push({ path, init, body: JSON.parse(init.body) });
    const [status, payload] = responses.shift();
    return { ok: status >= 200 && status < 300, status, json: async () => payload };
  };
  return { fetch, requests };
}

test("a sign-in link carries an invite, or a pupil's code with its basin", () => {
  assert.deepEqual(linkCode("#invite=abc"), { code: "abc" });
  assert.deepEqual(linkCode("#basin=chalon&code=ABCD"), { code: "ABCD", basin: "chalon" });
  assert.equal(linkCode("#token=x"), null);
});

test("the page says who is signed in by names, in French", () => {
  assert.equal(describe({ role: "school", schoolName: "Collège Vivant-Denon", basinName: "Chalon" }),
    "Collège Vivant-Denon · bassin Chalon");
  assert.equal(describe({ role: "coordinator" }), "coordination académique");
  assert.equal(describe({ role: "pupil", schoolName: "Collège X", basinName: "Y" }), "élève · Collège X · bassin Y");
});

test("a code is exchanged in JSON, the token kept, and renewed a minute before it expires", async () => {
  const { fetch, requests } = scripted([
    [200, { accessToken: "a1", expiresAt: 600_000, role: "school" }],
    [200, { accessToken: "a2", expiresAt: 1_200_000, role: "school" }],
  ]);
  const timers = [];
  const changes = [];
  const session = new WebSession({
    fetch,
    onChange: (value) => changes.push(value?.accessToken ?? null),
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => {},
    now: () => 0,
  });
  await session.signIn("code", "");
  assert.equal(session.token, "a1");
  assert.deepEqual(requests[0].body, { code: "code" });
  assert.equal(requests[0].init.headers["content-type"], "application/json");
  assert.equal(timers[0].ms, 540_000);
  await timers[0].callback();
  assert.equal(requests[1].path, "/auth/refresh");
  assert.equal(session.token, "a2");
  assert.deepEqual(changes, ["a1", "a2"]);
});

test("a refusal throws the server's French message; a lost session ends the page's", async () => {
  const { fetch } = scripted([
    [410, { error: "Ce lien a déjà servi" }],
    [401, { error: "Vous n'êtes pas connecté" }],
  ]);
  const session = new WebSession({ fetch, onChange: () => {}, setTimer: () => 0, clearTimer: () => {} });
  await assert.rejects(session.signIn("x"), /Ce lien a déjà servi/);
  assert.equal(await session.resume(), null);
});

test("signing out sends the access token and tells the page", async () => {
  const { fetch, requests } = scripted([
    [200, { accessToken: "a1", expiresAt: 600_000 }],
    [204, {}],
  ]);
  let last = "unset";
  const session = new WebSession({ fetch, onChange: (value) => (last = value), setTimer: () => 0, clearTimer: () => {} });
  await session.signIn("code");
  await session.signOut();
  assert.equal(requests[1].path, "/auth/signout");
  assert.equal(requests[1].init.headers.authorization, "Bearer a1");
  assert.equal(last, null);
  assert.equal(session.token, null);
});
