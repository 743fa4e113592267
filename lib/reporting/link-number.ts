// One numbering of a message's links everywhere people read it (pages, CSV, API): the "link
// number" counts from 1 in the order the links appear in the message. The database keeps the
// 0-based position the instrumenter assigned; only this module converts.

/** Link number (1-based) of a stored 0-based position; null stays null (opens have no link). */
export function toLinkNumber(position: number): number;
export function toLinkNumber(position: number | null): number | null;
export function toLinkNumber(position: number | null): number | null {
  return position === null ? null : position + 1;
}
