/* The reader's local date. Pure. */

/** YYYY-MM-DD in local time, without Intl (its first use costs tens of milliseconds).
 * @param {Date} date */
export function localIsoDate(date) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}
