/* The reader's moment in Japan time (the company's clock), as the call plan takes it. Pure. */

export const TOKYO = "Asia/Tokyo";

/** "YYYY-MM-DDTHH:MM" in Asia/Tokyo for `date`, whatever the device's own time zone.
 * @param {Date} date */
export function tokyoNow(date) {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: TOKYO, hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  });
  /** @type {Record<string, string>} */
  const parts = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
}
