/* A walk through the call script: the company's answers the reader has tapped, from the
 * start. The position is the list of answers, so a stored walk is replayed (and checked)
 * against the script of the day. Pure. */

/**
 * @typedef {{start: string, nodes: Record<string, {answers: {id: string, to: string}[],
 *            outcome: unknown}>}} ScriptShape
 * @typedef {{nodes: string[], heard: string[]}} Walk nodes[0] is the start; heard[i] led
 *   from nodes[i] to nodes[i + 1]
 */

/** @param {ScriptShape} script @returns {Walk} */
export function startWalk(script) {
  return { nodes: [script.start], heard: [] };
}

/** The node the reader is at. @param {Walk} walk */
export function here(walk) {
  return walk.nodes[walk.nodes.length - 1];
}

/** The walk after the company said `answerId`; the same walk when the node has no such answer.
 * @param {ScriptShape} script @param {Walk} walk @param {string} answerId @returns {Walk} */
export function hear(script, walk, answerId) {
  const node = script.nodes[here(walk)];
  const edge = node && node.answers.find((answer) => answer.id === answerId);
  if (!edge || !(edge.to in script.nodes)) return walk;
  return { nodes: [...walk.nodes, edge.to], heard: [...walk.heard, answerId] };
}

/** One step back (the start stays). @param {Walk} walk @returns {Walk} */
export function back(walk) {
  if (walk.heard.length === 0) return walk;
  return { nodes: walk.nodes.slice(0, -1), heard: walk.heard.slice(0, -1) };
}

/** The walk of these answers from the start, up to the first that does not fit (a stored walk
 * from an older script, or a damaged one). @param {ScriptShape} script @param {unknown} heard */
export function replay(script, heard) {
  let walk = startWalk(script);
  if (!Array.isArray(heard)) return walk;
  for (const answerId of heard) {
    const next = typeof answerId === "string" ? hear(script, walk, answerId) : walk;
    if (next === walk) break;
    walk = next;
  }
  return walk;
}

/** Whether the walk has reached an end of the script (a node with an outcome).
 * @param {ScriptShape} script @param {Walk} walk */
export function finished(script, walk) {
  const node = script.nodes[here(walk)];
  return Boolean(node && node.outcome);
}
