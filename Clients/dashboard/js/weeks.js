// ISO weeks as the page shows and picks them, in French: « semaine 12 (16 mars 2027) ».

const DAY = 86_400_000;

/** The ISO week of a date: `{ year, week }`. */
export function isoWeekOf(date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day - yearStart) / DAY + 1) / 7) };
}

/** The Monday of an ISO week, at 00:00 UTC. */
export function mondayOf({ year, week }) {
  const fourth = new Date(Date.UTC(year, 0, 4));
  const weekday = fourth.getUTCDay() || 7;
  return new Date(fourth.getTime() + ((week - 1) * 7 + 1 - weekday) * DAY);
}

/** `count` weeks from the one of `date`, in order. */
export function weeksFrom(date, count) {
  const monday = mondayOf(isoWeekOf(date));
  return Array.from({ length: count }, (_, index) => isoWeekOf(new Date(monday.getTime() + index * 7 * DAY)));
}

const dayFormat = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** « semaine 12 (lundi 16 mars 2027) ». */
export function weekLabel(week) {
  return `semaine ${week.week} (lundi ${dayFormat.format(mondayOf(week))})`;
}

/** « semaines 12 à 13 » or « semaine 12 ». */
export function rangeLabel(from, to) {
  if (!from) return "";
  if (!to || (from.year === to.year && from.week === to.week)) return `semaine ${from.week} (${from.year})`;
  return `semaines ${from.week} à ${to.week} (${from.year === to.year ? from.year : `${from.year}-${to.year}`})`;
}

/** Every week from `from` to `to`, both included. */
export function weekRange(from, to) {
  const weeks = [];
  for (let time = mondayOf(from).getTime(); time <= mondayOf(to).getTime(); time += 7 * DAY) {
    weeks.push(isoWeekOf(new Date(time)));
  }
  return weeks;
}

export const weekKey = (week) => `${week.year}-W${String(week.week).padStart(2, "0")}`;
export const parseWeekKey = (key) => {
  const match = /^(\d{4})-W(\d{2})$/.exec(key ?? "");
  return match ? { year: Number(match[1]), week: Number(match[2]) } : undefined;
};
