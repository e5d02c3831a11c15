/* labels.js: label placement is greedy by priority. No two placed labels overlap, none
   leaves the map, and a label is placed before (and never pushed out by) any of lower
   priority; the selected city is always named. Random cases, seeded (the seed is printed). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {load, rng, plain} = require("./load.js");

const SEED = Number(process.env.SISTERMAP_SEED || Date.now() % 100000);
const SIZE = {x: 800, y: 600};

function overlap(a, b) {
  return a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
}

function randomCities(rand, n) {
  const cities = [];
  for (let i = 0; i < n; i++) {
    const text = "x".repeat(3 + Math.floor(rand() * 14)), fs = 13;
    const box = {w: (text.length * 0.56 * fs + 8), h: fs * 1.35};
    const copies = rand() < 0.1 ? 2 : 1, list = [];
    for (let c = 0; c < copies; c++) {
      list.push({x: rand() * SIZE.x, y: rand() * SIZE.y, r: 2 + rand() * 6, w: box.w, h: box.h,
                 forced: rand() < 0.1, sel: false});
    }
    cities.push(list);
  }
  return cities;
}

test(`placed labels never overlap and keep to the map (seed ${SEED})`, () => {
  const SM = load("data.js", "labels.js"), rand = rng(SEED);
  for (let round = 0; round < 30; round++) {
    const cities = randomCities(rand, 20 + Math.floor(rand() * 200));
    const order = cities.map((_, i) => i);
    const placed = SM.placeLabels(order, (i) => cities[i], SIZE, 1e9);
    assert.ok(placed.length > 0);
    placed.forEach((a, k) => {
      assert.ok(a.x >= 2 && a.y >= 2 && a.x + a.w <= SIZE.x - 2 && a.y + a.h <= SIZE.y - 2);
      for (let j = 0; j < k; j++) assert.ok(!overlap(a, placed[j]), `round ${round}: ${j}, ${k}`);
    });
  }
});

test(`higher priority is placed first and never displaced (seed ${SEED})`, () => {
  const SM = load("data.js", "labels.js"), rand = rng(SEED + 1);
  for (let round = 0; round < 20; round++) {
    const cities = randomCities(rand, 150);
    const order = cities.map((_, i) => i);
    const placed = SM.placeLabels(order, (i) => cities[i], SIZE, 1e9);
    for (let k = 1; k < placed.length; k++) assert.ok(placed[k].i >= placed[k - 1].i);
    /* Whatever comes after, the first k cities' labels are where they would be alone. */
    const k = 1 + Math.floor(rand() * 100);
    const alone = SM.placeLabels(order.slice(0, k), (i) => cities[i], SIZE, 1e9);
    assert.deepEqual(plain(alone.map((p) => [p.i, p.x, p.y])),
                     plain(placed.filter((p) => p.i < k).map((p) => [p.i, p.x, p.y])));
    /* A city left unnamed had every spot taken by a label placed before it, or off the map. */
    const named = new Set(placed.map((p) => p.i));
    order.filter((i) => !named.has(i)).forEach((i) => {
      const before = placed.filter((p) => p.i < i);
      cities[i].forEach((c) => SM.labelSpots(c, SIZE).forEach((s) => {
        const box = {x: s[0], y: s[1], w: c.w, h: c.h};
        const off = s[0] < 2 || s[1] < 2 || s[0] + c.w > SIZE.x - 2 || s[1] + c.h > SIZE.y - 2;
        assert.ok(off || before.some((p) => overlap(box, p)), `city ${i}`);
      }));
    });
    /* max labels: no city is started once they are placed (its copies one world over are
       finished), and they are the first ones. */
    const few = SM.placeLabels(order, (i) => cities[i], SIZE, 5);
    const last = few.length ? few[few.length - 1].i : -1;
    assert.ok(few.length >= Math.min(5, placed.length));
    assert.ok(few.filter((p) => p.i !== last).length < 5);
    assert.deepEqual(plain(few.map((p) => [p.i, p.x, p.y])),
                     plain(placed.slice(0, few.length).map((p) => [p.i, p.x, p.y])));
  }
});

test("the selected city is always named, and a selection names only its own cities", () => {
  const SM = load("data.js", "labels.js");
  const crowd = [[{x: 400, y: 300, r: 4, w: 60, h: 18, forced: false, sel: false}]];
  for (let i = 0; i < 30; i++) crowd.push(crowd[0]);
  crowd.push([{x: 400, y: 300, r: 4, w: 60, h: 18, forced: true, sel: true}]);
  const order = crowd.map((_, i) => i).reverse();  // the selection first, as labelOrder does
  const placed = SM.placeLabels(order, (i) => crowd[i], SIZE, 1e9);
  assert.equal(placed[0].i, crowd.length - 1);
  /* labelOrder: the selection, highlights, partners; with a selection nothing else. */
  const d = {cx: [0, 0, 0, 0, 0], la: [0, 3], lb: [3, 4], sel: 3, mine: {0: 1, 4: 1},
             hl: [1], hlset: {1: 1}, yr: null};
  assert.deepEqual(plain(SM.labelOrder(d)), [3, 1, 0, 4]);
  const world = {cx: [0, 0, 0], la: [0], lb: [1], ly: [1990], le: [0], sel: -1, yr: 1980,
                 con: new Int32Array([0, 0, 1])};
  assert.deepEqual(plain(SM.labelOrder(world)), [2]);  // only cities with a link on the map that year
});

test(`no label is placed on a drawn dot (seed ${SEED})`, () => {
  /* Every drawn dot is an obstacle: a label never covers another city's dot (it would take
     the click or the look meant for that city), only the selected city may, where it has no
     free spot at all. */
  const SM = load("data.js", "labels.js"), rand = rng(SEED + 2);
  for (let round = 0; round < 30; round++) {
    const cities = randomCities(rand, 20 + Math.floor(rand() * 150));
    const dots = [];
    cities.forEach((list) => list.forEach((c) => {
      const r = c.r - 1;
      dots.push({x: c.x - r, y: c.y - r, w: 2 * r, h: 2 * r});
    }));
    const order = cities.map((_, i) => i);
    const obstacles = dots.map((b) => [b.x, b.y, b.w, b.h]);
    const placed = SM.placeLabels(order, (i) => cities[i], SIZE, 1e9, obstacles);
    assert.ok(placed.length > 0, `round ${round}`);
    placed.forEach((a) => dots.forEach((b, k) =>
      assert.ok(!overlap(a, b), `round ${round}: label of ${a.i} on dot ${k}`)));
    /* A city left unnamed had every spot taken by a label before it, a dot, or the edge. */
    const named = new Set(placed.map((p) => p.i));
    order.filter((i) => !named.has(i)).forEach((i) => {
      cities[i].forEach((c) => SM.labelSpots(c, SIZE).forEach((s) => {
        const box = {x: s[0], y: s[1], w: c.w, h: c.h};
        const off = s[0] < 2 || s[1] < 2 || s[0] + c.w > SIZE.x - 2 || s[1] + c.h > SIZE.y - 2;
        assert.ok(off || placed.some((p) => overlap(box, p)) || dots.some((d) => overlap(box, d)),
                  `round ${round}: city ${i}`);
      }));
    });
  }
});

test("cityX: each city once; a partner at the copy the selection's arc reaches", () => {
  const SM = load("data.js");
  const d = {x: [170, -175, 10, 179], y: [0, 0, 0, 0], c0: 0, la: [0, 0], lb: [1, 2],
             sel: -1};
  assert.deepEqual([0, 1, 2, 3].map((i) => SM.cityX(d, i)), [170, -175, 10, 179]);
  SM.select(d, 0);  // 170°: its partner at -175° is reached going east, at 185°
  assert.deepEqual([0, 1, 2, 3].map((i) => SM.cityX(d, i)), [170, 185, 10, 179]);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(SM.cityX(d, i) - SM.cityX(d, 0)) <= 180);
});
