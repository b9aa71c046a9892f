import { cityDate, endOfCityDay } from '../../../../shared/time/city-dates.ts';
import { followUpFigures } from '../domain/follow-up.ts';
import { deputyFigures, type FigureSources, overview, type Period, unitFigures } from '../domain/figures.ts';
import { openDataRows, responsiveness, stationFigures } from '../domain/public-figures.ts';
import type { FactStore } from '../ports.ts';

/** What the figures are read with: the facts, the city's time zone and the clock. */
export interface StatisticsPorts {
  facts: FactStore;
  timeZone: string;
  now: () => Date;
}

const month = (date: string) => date.slice(0, 7);

/** The city date of a UTC time, in the ports' time zone. */
export const cityDateIn = (timeZone: string) => (at: string) => cityDate(new Date(at), timeZone);

/**
 * The facts behind a period's figures: the messages received in it, and the cases forwarded from
 * its first day until today (a message of the period may have been forwarded after it).
 */
async function sourcesFor(ports: StatisticsPorts, period: Period): Promise<FigureSources> {
  const now = ports.now();
  const dateOf = cityDateIn(ports.timeZone);
  const today = dateOf(now.toISOString());
  const [submitted, unitCases] = await Promise.all([
    ports.facts.messagesSubmitted(month(period.from), month(period.to)),
    ports.facts.unitCasesForwarded(month(period.from), month([today, period.to].sort()[1]!)),
  ]);
  const messages = submitted.filter((m) => m.submittedAt && dateOf(m.submittedAt) >= period.from && dateOf(m.submittedAt) <= period.to);
  const cases = await ports.facts.cases(unitCases.map((u) => u.caseId));
  return { period, messages, unitCases, cases, now, cityDate: dateOf, endOfDay: (date) => endOfCityDay(date, ports.timeZone) };
}

/** The committee's overview of a period, optionally of one township. */
export async function readOverview(ports: StatisticsPorts, period: Period, townshipCode?: string) {
  const sources = await sourcesFor(ports, period);
  return overview(townshipCode ? { ...sources, messages: sources.messages.filter((m) => m.townshipCode === townshipCode) } : sources);
}

/** The follow-up questionnaire's answers for the messages of a period, optionally of one township. */
export async function readFollowUp(ports: StatisticsPorts, period: Period, townshipCode?: string) {
  const { messages } = await sourcesFor(ports, period);
  return followUpFigures(townshipCode ? messages.filter((m) => m.townshipCode === townshipCode) : messages);
}

/** Per handling unit, the cases forwarded in a period. */
export async function readUnits(ports: StatisticsPorts, period: Period) {
  return unitFigures(await sourcesFor(ports, period));
}

/** Per deputy, the messages of a period, optionally only the deputies of one township. */
export async function readDeputies(ports: StatisticsPorts, period: Period, townshipCode?: string) {
  const [sources, roster] = await Promise.all([sourcesFor(ports, period), ports.facts.roster()]);
  return deputyFigures(sources, roster, townshipCode);
}

/** A deputy's public responsiveness over the last 12 months. */
export async function readResponsiveness(ports: StatisticsPorts, deputyCode: string) {
  return responsiveness(await ports.facts.messagesOfDeputy(deputyCode), ports.now());
}

/** A station's public figures for a year. */
export async function readStation(ports: StatisticsPorts, stationCode: string, year: number) {
  const messages = await ports.facts.messagesSubmitted(`${year}-01`, `${year}-12`);
  return stationFigures(stationCode, year, messages, cityDateIn(ports.timeZone));
}

/** The open-data rows of a year: per month, township and category. */
export async function readOpenData(ports: StatisticsPorts, year: number) {
  return openDataRows(await ports.facts.messagesSubmitted(`${year}-01`, `${year}-12`), cityDateIn(ports.timeZone));
}
