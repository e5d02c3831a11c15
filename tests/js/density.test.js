/* density.js: how the density canvas blends its lines (pure parts: no Leaflet). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {load} = require("./load.js");

function fakeMap(dark) {
  return {getContainer: () => ({classList: {contains: (c) => dark && c === "sm-dark"}})};
}

test("lines add up on the dark theme and multiply on the light one", () => {
  const SM = load("density.js");
  assert.equal(SM.densityBlend(fakeMap(true)), "lighter");
  assert.equal(SM.densityBlend(fakeMap(false)), "multiply");
});

test("opacity falls with the number of links, and more on the dark theme", () => {
  const SM = load("density.js");
  for (const dark of [false, true]) {
    let last = Infinity;
    for (const n of [10, 1000, 10000, 25000, 100000, 1000000]) {
      const a = SM.densityAlpha(n, dark);
      assert.ok(a > 0 && a <= 0.7 && a <= last, `${dark} ${n}: ${a}`);
      last = a;
    }
    assert.ok(SM.densityAlpha(25000, true) < SM.densityAlpha(25000, false) / 3);
  }
  // A colour of few links is more opaque than one of many, never more than the cap.
  assert.ok(SM.densityAlpha(25000, false, 1500) > SM.densityAlpha(25000, false, 14000));
  assert.ok(SM.densityAlpha(25000, false, 1) <= 0.7);
  assert.ok(Math.abs(SM.densityAlpha(25000, false) - 0.23) < 0.01);
  assert.ok(Math.abs(SM.densityAlpha(25000, true) - 0.045) < 0.005);
});
