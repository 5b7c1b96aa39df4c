import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RangeSlots } from '../src/projection/range-slots.ts';

describe('range slots: the views of a range read it next together', () => {
  test('given a view chose its next read after a page, when another view finishes the same page, then it reads at that moment, whatever it would have chosen', () => {
    const slots = new RangeSlots();
    assert.equal(slots.afterPage('A', 500, 1_000, 90), 90);
    // Its own figures say 240 (it judged the traffic heavy): it keeps the first view's moment.
    assert.equal(slots.afterPage('A', 500, 1_030, 240), 60);
  });

  test('given a view finishes the page after the others read again, when it asks, then it reads at once (their page is kept for it)', () => {
    const slots = new RangeSlots();
    slots.afterPage('A', 500, 1_000, 90);
    assert.equal(slots.afterPage('A', 500, 1_120, 50), 0);
  });

  test('given a view ahead on another page, or another range, when a view asks, then its own choice stands and becomes the one to follow', () => {
    const slots = new RangeSlots();
    slots.afterPage('A', 500, 1_000, 90);
    assert.equal(slots.afterPage('B', 500, 1_010, 40), 40, 'another range');
    assert.equal(slots.afterPage('A', 620, 1_100, 75), 75, 'the next page');
    assert.equal(slots.afterPage('A', 620, 1_110, 10), 65);
  });

  test('given a view found the range idle and set its next poll, when the others find it idle before that poll, then they poll with it; after it, a new poll is chosen', () => {
    const slots = new RangeSlots();
    assert.equal(slots.afterIdle('A', 2_000, 100), 100);
    assert.equal(slots.afterIdle('A', 2_004, 175), 96);
    assert.equal(slots.afterIdle('A', 2_100, 100), 100, 'the agreed poll is past: the next one');
    assert.equal(slots.afterPage('A', 700, 2_150, 80), 80, 'a page after the poll: a page slot again');
    assert.equal(slots.afterIdle('A', 2_210, 100), 100, 'a page slot (at 2,230) is no poll to join');
  });

  test('given the views of a generation being rebuilt read the range elsewhere, when both sets of views finish their pages, then each set keeps its own next read', () => {
    const slots = new RangeSlots();
    slots.afterPage('A', 9_000, 1_000, 100); // the live views, at the head
    slots.afterPage('A', 1_200, 1_005, 0); // the rebuild, catching up: at once
    slots.afterPage('A', 1_450, 1_030, 0);
    assert.equal(slots.afterPage('A', 9_000, 1_040, 250), 60, 'a live view keeps the live slot');
    assert.equal(slots.afterPage('A', 1_450, 1_041, 50), 0, 'a rebuilding view keeps its own');
  });
});
