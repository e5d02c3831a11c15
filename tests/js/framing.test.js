/* framing.js fitView: the browser frames a box exactly as geo.fit_view (the reference)
   computes, on cases generated in Python (zoom equal, centre within 1e-9 degrees). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {load, FIXTURE, NEED_FIXTURE} = require("./load.js");

test("fitView() is geo.fit_view", {skip: NEED_FIXTURE}, () => {
  const SM = load("framing.js");
  assert.ok(FIXTURE.framing.length >= 200);
  FIXTURE.framing.forEach((c, k) => {
    const v = SM.fitView(c.bounds, c.width, c.height, c.opt);
    const msg = `case ${k}: ${JSON.stringify(c)} gave ${JSON.stringify(v)}`;
    assert.equal(v.zoom, c.zoom, msg);
    assert.ok(Math.abs(v.center[0] - c.center[0]) < 1e-9, msg);
    assert.ok(Math.abs(v.center[1] - c.center[1]) < 1e-9, msg);
  });
});
