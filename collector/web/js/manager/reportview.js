// An award report (msc.v1.AwardReport JSON) as HTML tables and SVG charts: summary,
// winners, the industry ranking, each industry's company ranking with 95% intervals,
// the channels' compliance and unanswered rates, and the top industries per channel.
// It fetches nothing, so any page that has a report can show it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as m from './common.js';
import { barChart } from './charts.js';

let views = 0;  // makes ids unique when more than one report is on a page

const N = m.numCol;
const fin = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
const rank = (v) => (Number.isFinite(v) ? String(v) : '–');
const byRank = (a, b) => (fin(a.rank) || 1e9) - (fin(b.rank) || 1e9) || fin(b.index) - fin(a.index) || 0;

function zoneLines(r) {
  const z = r.config?.zones || {};
  const yellow = Number.isFinite(z.yellowFrom) ? z.yellowFrom : 60;
  const green = Number.isFinite(z.greenFrom) ? z.greenFrom : 70;
  return [{ value: yellow, label: String(yellow) }, { value: green, label: String(green) }];
}

// Unlabelled sections: "Industry ranking" must not compete with the Industry select.
const section = (id, title, ...content) => h('section', { class: 'report-part' }, h('h3', { id }, title), ...content);

function tbody(rows) { return h('tbody', {}, rows); }

// A chart, or a word that there is nothing to draw yet (nothing ranked yet).
const chart = (spec) => (spec.rows.some((r) => Number.isFinite(r.value)) ? barChart(spec)
  : h('p', { class: 'hint' }, t('r.noFigures')));

export function renderReport(r) {
  const v = ++views;
  const companies = m.items(r.companies);
  const industries = m.items(r.industries).slice().sort(byRank);
  const coName = new Map(companies.map((c) => [c.companyId, c.name || c.companyId]));
  const indName = new Map(industries.map((i) => [i.industryId, i.name || i.industryId]));
  const sum = r.summary || {};
  const lines = zoneLines(r);
  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value)];

  const summary = section(`rp${v}-sum`, t('r.summary'), h('dl', { class: 'facts' },
    fact(t('program'), r.programName || r.programId || ''),
    fact(t('r.counted'), t('r.countedOf', { counted: m.count(sum.counted), stored: m.count(sum.observations) })),
    fact(t('r.companies'), t('r.eligibleOf', { eligible: m.count(sum.eligibleCompanies),
      all: m.count(sum.companies) })),
    fact(t('r.industries'), t('r.rankedOf', { ranked: m.count(sum.rankedIndustries), all: m.count(sum.industries) })),
    fact(t('m.observers'), m.count(sum.observers)),
    fact(t('r.expectation'), m.pct(fin(sum.rates?.complianceExpectation))),
    fact(t('r.unanswered'), m.pct(fin(sum.rates?.unansweredRate))),
    fact(t('r.version'), [r.scoringVersion, r.dataSha256 && t('r.data', { sha: r.dataSha256.slice(0, 12) })]
      .filter(Boolean).join(' · '))));

  const names = (ids) => (Array.isArray(ids) ? ids : []).map((id) => coName.get(id) || id).join(', ');
  // Each winner with its clarity from the rank sets, when the report has them.
  const clarity = (list, id) => {
    const c = m.items(list).find((x) => x.companyId === id);
    if (!c || typeof c.clear !== 'boolean') return '';
    return ` (${c.clear ? t('r.clearWinner') : t('r.notToldApart', { names: names(c.indistinguishableFrom) })})`;
  };
  const winnersOf = (ids, list) => (Array.isArray(ids) ? ids : [])
    .map((id) => (coName.get(id) || id) + clarity(list, id)).join(', ');
  const winners = section(`rp${v}-win`, t('r.winners'),
    h('p', {}, h('strong', {}, `${t('r.awardWinner')}: `),
      winnersOf(r.overallWinners, r.overallWinnerClarity) || t('r.none')),
    h('ul', { class: 'plain cols' }, industries.filter((i) => (i.winners || []).length).map((i) =>
      h('li', {}, h('strong', {}, `${i.name || i.industryId}: `), winnersOf(i.winners, i.winnerClarity)))));

  const bar = (x, extra) => ({ label: x.name || x.industryId || x.companyId, value: fin(x.index),
    text: m.num(fin(x.index)), cls: `bar-${x.zone || 'NONE'}`, ...extra });
  const num = (text, cls = 'num') => h('td', { class: cls }, text);
  const zones = { yellow: lines[0].value, green: lines[1].value };

  const industryPart = section(`rp${v}-ind`, t('r.industryRanking'),
    chart({ title: t('r.industryChart'), desc: t('r.indexDesc', zones), lines,
      rows: industries.filter((i) => Number.isFinite(fin(i.index))).map((i) => bar(i)) }),
    m.tableBox(t('r.industryRanking'), [N(t('r.rank')), t('m.industry'), N(t('r.index')), t('r.zone'),
      N(t('r.answeredIndex')), N(t('r.answeredRank')), N(t('r.agentIndex')), N(t('r.agentRank')),
      N(t('r.eligible'))], tbody(industries.map((i) => h('tr', {},
      num(i.ranked ? rank(i.rank) : t('r.notRanked'), 'num nowrap'), h('th', { scope: 'row' }, i.name || i.industryId),
      num(m.num(fin(i.index))), h('td', {}, m.zoneBadge(i.zone)),
      num(m.num(fin(i.answeredIndex))), num(rank(fin(i.rankAnswered))),
      num(m.num(fin(i.agentIndex))), num(rank(fin(i.rankAgent))),
      num(m.count(i.eligibleCompanies)))))));

  // Company ranking: one industry at a time (its ranks), or all (the overall ranks).
  const pick = h('select', { id: `rp${v}-pick` }, m.option('', t('r.overall')),
    industries.map((i, n) => m.option(i.industryId, i.name || i.industryId, n === 0)));
  const slot = h('div');
  function drawCompanies() {
    const ind = pick.value;
    const rankOf = (c) => fin(ind ? c.rankInIndustry : c.rankOverall);
    const answeredRank = (c) => fin(ind ? c.rankAnsweredInIndustry : c.rankAnsweredOverall);
    const agentRank = (c) => fin(ind ? c.rankAgentInIndustry : c.rankAgentOverall);
    // The ranks by the result that decides the winners carry their 95% rank sets: "2 (1-4)".
    const deciding = r.config?.winnerResult || 'TOTAL';
    const withSet = (result, c, text) => {
      const low = fin(ind ? c.rankSetInIndustryLow : c.rankSetOverallLow);
      const high = fin(ind ? c.rankSetInIndustryHigh : c.rankSetOverallHigh);
      return result === deciding && Number.isFinite(low) ? `${text} (${low}-${high})` : text;
    };
    const list = companies.filter((c) => !ind || c.industryId === ind).sort((a, b) =>
      Number(Boolean(b.eligible)) - Number(Boolean(a.eligible)) ||
      (rankOf(a) || 1e9) - (rankOf(b) || 1e9) || fin(b.index) - fin(a.index) || 0);
    const charted = list.filter((c) => c.eligible).slice(0, ind ? 40 : 20);
    const head = [N(t('r.rank')), t('company'), !ind && t('m.industry'), N(t('r.index')), N(t('r.interval')),
      t('r.zone'), N(t('r.answeredIndex')), N(t('r.answeredRank')), N(t('r.agentIndex')), N(t('r.agentRank')),
      N(t('r.contacts')), N(t('r.winChance'))].filter(Boolean);
    const interval = (c) => (Number.isFinite(fin(c.ciLow)) ? `${m.num(fin(c.ciLow))}–${m.num(fin(c.ciHigh))}` : '–');
    slot.replaceChildren(
      chart({ title: ind ? t('r.companyChart', { industry: indName.get(ind) }) : t('r.topChart', { n: charted.length }),
        desc: t('r.ciDesc', zones), lines, rows: charted.map((c) => bar(c, { low: fin(c.ciLow), high: fin(c.ciHigh) })) }),
      m.tableBox(ind ? `${t('r.companyRanking')}: ${indName.get(ind)}` : t('r.overall'), head, tbody(list.map((c) =>
        h('tr', {}, num(c.eligible ? withSet('TOTAL', c, rank(rankOf(c))) : t('r.notEligible'), 'num nowrap'),
          h('th', { scope: 'row' }, c.name || c.companyId), !ind && h('td', {}, indName.get(c.industryId) || c.industryId),
          num(m.num(fin(c.index))), num(interval(c), 'num nowrap'), h('td', {}, m.zoneBadge(c.zone)),
          num(m.num(fin(c.answeredIndex))), num(withSet('ANSWERED', c, rank(answeredRank(c))), 'num nowrap'),
          num(m.num(fin(c.agentIndex))), num(withSet('AGENT', c, rank(agentRank(c))), 'num nowrap'),
          num(m.count(c.contacts)), num(m.pct(fin(ind ? c.winProbabilityIndustry : c.winProbabilityOverall))))))));
  }
  pick.addEventListener('change', drawCompanies);
  drawCompanies();
  const companyPart = section(`rp${v}-co`, t('r.companyRanking'),
    h('div', { class: 'toolbar' }, m.field(pick.id, t('m.industry'), pick)), slot);

  const channels = m.items(sum.channels).filter((c) => m.int(c.rates?.contacts) > 0);
  const rate = (c, k) => fin(c.rates?.[k]);
  const SERIES = [['complianceExpectation', 'r.expectation', 'bar-exp'],
    ['complianceBenchmark', 'r.benchmark', 'bar-bench'], ['unansweredRate', 'r.unanswered', 'bar-miss']];
  const RATES = ['complianceExpectation', 'complianceBenchmark', 'firstAttemptMissedRate', 'unansweredRate'];
  const channelPart = section(`rp${v}-ch`, t('r.channels'),
    chart({ title: t('r.channelChart'), desc: t('r.channelDesc'), max: 1,
      ticks: [[0, '0 %'], [0.5, '50 %'], [1, '100 %']],
      rows: channels.flatMap((c) => [{ heading: m.channelLabel(c.channel) },
        ...SERIES.map(([k, key, cls]) => ({ label: t(key), value: rate(c, k), text: m.pct(rate(c, k)), cls }))]) }),
    channels.length > 0 && m.tableBox(t('r.channels'), [t('channel'), ...['r.contacts', 'r.expectation',
      'r.benchmark', 'r.firstMissed', 'r.unanswered', 'r.medianWait', 'r.p90Wait'].map((k) => N(t(k)))],
    tbody(channels.map((c) => h('tr', {}, h('th', { scope: 'row' }, m.channelLabel(c.channel)),
      num(m.count(c.rates?.contacts)), RATES.map((k) => num(m.pct(rate(c, k)))),
      num(m.waitText(rate(c, 'medianWaitS')), 'num nowrap'), num(m.waitText(rate(c, 'p90WaitS')), 'num nowrap'))))));

  const topLists = m.items(r.channelTopIndustries);
  const tops = section(`rp${v}-top`, t('r.topIndustries'),
    !topLists.length && h('p', { class: 'hint' }, t('r.noFigures')),
    h('div', { class: 'cols' }, topLists.map((c) => h('div', {}, h('h4', {}, m.channelLabel(c.channel)),
      h('ul', { class: 'ranked' }, m.items(c.industries).map((i) => h('li', {},
        `${rank(fin(i.rank))}. ${i.name || i.industryId} `, h('span', { class: 'num' }, m.num(fin(i.index))), ' ',
        m.zoneBadge(i.zone))))))));

  // Contact types: only for a program that lists them.
  const scenarios = m.items(r.scenarios).filter((s) => s.scenarioId);
  const without = m.int(r.contactsWithoutScenario);
  const scenarioPart = scenarios.length > 0 && section(`rp${v}-sc`, t('r.scenarios'),
    chart({ title: t('r.scenarioChart'), desc: t('r.scenarioDesc', zones), lines,
      rows: scenarios.filter((s) => Number.isFinite(fin(s.program?.index))).map((s) => ({
        label: s.name || s.scenarioId, value: fin(s.program.index), text: m.num(fin(s.program.index)),
        cls: `bar-${s.program.zone || 'NONE'}` })) }),
    m.tableBox(t('r.scenarios'), [N(t('r.rank')), t('r.scenario'), N(t('r.contacts')), N(t('r.index')), t('r.zone'),
      N(t('r.answeredIndex')), N(t('r.agentIndex')), N(t('r.expectation')), N(t('r.unanswered')), N(t('r.medianWait'))],
    tbody(scenarios.map((s) => { const f = s.program || {}; return h('tr', {},
      num(rank(fin(f.rank)), 'num nowrap'), h('th', { scope: 'row' }, s.name || s.scenarioId),
      num(m.count(f.contacts)), num(m.num(fin(f.index))), h('td', {}, m.zoneBadge(f.zone)),
      num(m.num(fin(f.answeredIndex))), num(m.num(fin(f.agentIndex))),
      num(m.pct(fin(f.rates?.complianceExpectation))), num(m.pct(fin(f.rates?.unansweredRate))),
      num(m.waitText(fin(f.rates?.medianWaitS)), 'num nowrap')); }))),
    without > 0 && h('p', { class: 'hint' }, t('r.withoutScenario', { n: m.count(without) })));

  return h('div', { class: 'report' }, summary, winners, industryPart, companyPart, channelPart, tops,
    scenarioPart);
}
