/* geometry.js: the browser's great-circle arcs are geo.py's (same points, same cuts at the
   antimeridian), and the world's frame keeps a longitude within c0 ± 180. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {load, FIXTURE, NEED_FIXTURE, plain} = require("./load.js");

test("arc() matches geo.arc_fragments", {skip: NEED_FIXTURE}, () => {
  const SM = load("geometry.js");
  const {pairs, parts} = FIXTURE.arcs;
  assert.ok(pairs.length >= 300);
  pairs.forEach((p, k) => {
    const js = SM.arc(p[0], p[1], p[2], p[3]), py = parts[k];
    assert.deepEqual(plain(js.map((part) => part.length)), py.map((part) => part.length), `pair ${k}`);
    js.forEach((part, j) => part.forEach((pt, q) => {
      /* JS gives [lat, lon]; Python [lon, lat] rounded to geo.DECIMALS. */
      assert.ok(Math.abs(pt[1] - py[j][q][0]) < 2e-3 && Math.abs(pt[0] - py[j][q][1]) < 2e-3,
                `pair ${k} point ${q}: ${pt} vs ${py[j][q]}`);
    }));
  });
});

test("path() has geo.segments_for's level of detail", {skip: NEED_FIXTURE}, () => {
  const SM = load("geometry.js");
  FIXTURE.arcs.pairs.forEach((p, k) => {
    assert.equal(SM.path(p[0], p[1], p[2], p[3]).length, FIXTURE.arcs.segments[k] + 1);
  });
});

test("norm() and arcw(): the world around c0, arcs past its edge drawn twice",
     {skip: NEED_FIXTURE}, () => {
  const SM = load("geometry.js");
  for (const c0 of [0, -150, 150]) {
    for (let x = -540; x <= 540; x += 37) {
      const n = SM.norm(x, c0);
      assert.ok(n >= c0 - 180 && n < c0 + 180 && Math.abs(((n - x) % 360)) < 1e-9);
    }
  }
  /* Tokyo to San Francisco on a 0°-centred world runs past 180°: a copy one world over. */
  const twice = SM.arcw({c0: 0}, 139.69, 35.69, -122.42, 37.77);
  assert.equal(twice.length, 2);
  assert.ok(Math.abs(twice[1][0][1] - twice[0][0][1] + 360) < 1e-9);
  assert.equal(SM.arcw({c0: -150}, 139.69, 35.69, -122.42, 37.77).length, 1);
  const v = {s: 40, n: 60, w: -10, e: 30, all: false};
  assert.ok(SM.inside(0, 50, v) && SM.inside(360, 50, v) && !SM.inside(0, 61, v));
});
