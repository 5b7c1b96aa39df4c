// The few DOM helpers the polled panels share (pipeline.js, funnel.js).
/* global document */

export const $ = (id) => document.getElementById(id);

/** A new element with a class and text, either optional. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
