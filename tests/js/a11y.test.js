/* a11y.js keyOrder and step: the order a keyboard visits the cities in, known by hand. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {load, plain} = require("./load.js");

/* Five city rows (best-connected first); row 3 is not drawn. */
const table = () => ({cx: [0, 0, 0, 0, 0], sel: -1});
const drawn = {0: 1, 1: 1, 2: 1, 4: 1};

test("keyOrder(): best-connected first, only the cities drawn", () => {
  const SM = load("a11y.js");
  assert.deepEqual(plain(SM.keyOrder(table(), drawn)), [0, 1, 2, 4]);
});

test("keyOrder(): the selected city, then its partners, then the others", () => {
  const SM = load("a11y.js");
  const d = Object.assign(table(), {sel: 2, mine: {4: 1, 3: 1}});
  assert.deepEqual(plain(SM.keyOrder(d, drawn)), [2, 4, 0, 1]);  // 3 is not drawn
});

test("step(): next and previous wrap; Home and End; a start from nowhere", () => {
  const SM = load("a11y.js");
  const order = [2, 4, 0, 1];
  assert.equal(SM.keyStep(order, -1, 1), 2);   // first Arrow down: the first city
  assert.equal(SM.keyStep(order, -1, -1), 1);  // first Arrow up: the last
  assert.equal(SM.keyStep(order, 2, 1), 4);
  assert.equal(SM.keyStep(order, 1, 1), 2);    // wraps round
  assert.equal(SM.keyStep(order, 2, -1), 1);
  assert.equal(SM.keyStep(order, 0, "home"), 2);
  assert.equal(SM.keyStep(order, 0, "end"), 1);
  assert.equal(SM.keyStep([], 0, 1), -1);      // no city drawn
});
