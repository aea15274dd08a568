// Every visible text, in English and Norwegian bokmål. t('key', {n: 2}) fills {n}.
// Criterion questions come from the server's config and are shown as they are.

const en = {
  'app.title': 'msc observer', language: 'Language', signOut: 'Sign out',
  'nav.label': 'Main', 'nav.contact': 'New contact', 'nav.mine': 'My contacts',
  queued: 'Queued: {n}', 'role.OBSERVER': 'observer', 'role.MANAGER': 'manager', 'role.ADMIN': 'administrator',
  'manager.title': 'Manager pages',
  'manager.note': 'You are signed in as {role}. The manager pages (progress, review, results) come later; this app is for observers for now.',
  'signin.title': 'Sign in', 'signin.help': 'Paste the token you were given. It is kept on this device only.',
  token: 'Token', signIn: 'Sign in', 'signin.empty': 'Paste your token first.',
  'signin.rejected': 'That token was not accepted. Check that you pasted all of it.',
  'signin.offline': 'Could not reach the server. Check the connection and try again.',
  'signin.revoked': 'Your sign-in is no longer valid (the token was revoked or is wrong). Paste a new token.',
  'form.new': 'New contact', 'form.correct': 'Correct a contact',
  correcting: 'Correcting a contact (version {n})', managerNote: 'Note from the manager:',
  loadFailed: 'Could not load the programs and companies: {error}',
  program: 'Program', company: 'Company', channel: 'Channel', choose: 'Choose…', scenario: 'Scenario',
  'channel.PHONE': 'Phone', 'channel.CHAT': 'Chat', 'channel.EMAIL': 'E-mail', 'channel.SOCIAL': 'Social media',
  industryIs: 'Industry: {name}', attempts: 'Attempts', attemptN: 'Attempt {n}',
  startedAtTime: 'Started {time}', startAttempt: 'Start attempt', answered: 'Answered', notAnswered: 'Not answered',
  estimated: 'Estimated after reload (the page was closed while the stopwatch ran).',
  startedAtN: 'Started at, attempt {n}', waitN: 'Wait (seconds), attempt {n}',
  answeredN: 'Answered, attempt {n}', removeAttemptN: 'Remove attempt {n}',
  sentAt: 'Sent at', replyAt: 'Reply received at', noReply: 'No reply', closedAt: 'Closed at',
  ratings: 'Ratings', notRated: 'Not rated', noConfig: 'Could not load the rating questions: {error}',
  upsell: 'Upsell', 'upsell.unset': 'Not recorded', 'upsell.NONE': 'None',
  'upsell.NEEDS_BASED': 'Needs-based', 'upsell.PUSHY': 'Pushy',
  redirected: 'Redirected to another channel', comment: 'Comment', counter: '{n} / {max} characters',
  submit: 'Submit', discardDraft: 'Discard draft', 'discard.title': 'Discard this draft?',
  'discard.body': 'Everything entered for this contact will be deleted. This cannot be undone.',
  'discard.yes': 'Yes, discard', cancel: 'Cancel',
  stale: 'Someone changed this contact since you opened it.', loadLatest: 'Load the latest version',
  'msg.sending': 'Sending…', 'msg.stored': 'Stored.', 'msg.duplicate': 'Already stored.',
  'msg.corrected': 'Correction stored (version {n}).', 'msg.discarded': 'Draft discarded.',
  'msg.queued': 'No connection to the server: the contact is queued and will be sent automatically.',
  'msg.notQueued': 'Could not send or queue the contact ({error}). It stays in the form; try again.',
  'msg.conflict': 'The server already has a different contact with this id; see the queue.',
  'msg.backgroundStored': 'A queued contact was stored.',
  'msg.backgroundRefused': 'A queued contact was not accepted by the server; see the queue.',
  'msg.queuedBehind': 'Queued: it is sent as soon as the server has answered the previous version of this contact.',
  'net.timeout': 'No answer from the server within {s} seconds.',
  'err.required': 'Required.', 'err.pickCompany': 'Pick a company from the list',
  'err.unknownProgram': 'Unknown program.', 'err.noAttempt': 'Start at least one attempt.',
  'err.emailOne': 'An e-mail contact has exactly one attempt.', 'err.max2': 'At most 2 attempts.',
  'err.running': 'Stop the stopwatch first: Answered or Not answered.',
  'err.waitNumber': 'Enter the wait in seconds, e.g. 42.5.', 'err.negative': 'The wait cannot be negative.',
  'err.order': 'Attempts must be in time order: this one starts before the one above.',
  'err.period': 'The first attempt must start inside the program period ({start} – {end}).',
  'err.replyAt': 'Enter when the reply came, or tick No reply.', 'err.closedAt': 'Enter when you closed the case.',
  'err.beforeSent': 'Must be after the time the mail was sent.',
  'err.unknownCriterion': 'Unknown question.', 'err.notApplicable': 'This question does not apply to the channel.',
  'err.range': 'Pick 1 to 6.', 'err.needRating': 'An answered contact needs at least one rating.',
  'err.noRatings': 'A contact with no answered attempt has no ratings.',
  'err.commentLong': 'At most 4,000 characters (now {n}).',
  'mine.title': 'My contacts', more: 'More', loading: 'Loading…', 'mine.empty': 'No contacts yet.',
  'mine.offline': 'Could not load your contacts: {error}', versionN: 'version {n}',
  'state.RECEIVED': 'Received', 'state.APPROVED': 'Approved', 'state.HAS_ISSUES': 'Needs clarification',
  'state.REJECTED': 'Rejected', correct: 'Correct', history: 'History', 'history.empty': 'No versions.',
  'history.item': 'Version {n}, {time}, by {by}', 'history.wait': 'first attempt: wait {wait} s, {answered}',
  'mine.correctionQueued': 'A correction of this contact is waiting in the queue.',
  'mine.contactQueued': 'This contact is waiting in the queue.', 'mine.openQueue': 'Open the queue',
  'queue.title': 'Queue', 'queue.empty': 'Nothing is waiting: every contact has reached the server.',
  sendNow: 'Send now', 'queue.tries': 'tries: {n}', 'queue.lastError': 'Last error: {error}',
  'qstate.waiting': 'Waiting to be sent', 'qstate.conflict': 'Conflict: not sent again',
  'qstate.invalid': 'Refused: needs editing', edit: 'Edit', remove: 'Remove',
  'queue.finishFirst': 'Finish or discard the contact in the form first.', 'kind.correct': 'correction',
};

const nb = {
  'app.title': 'msc observatør', language: 'Språk', signOut: 'Logg ut',
  'nav.label': 'Hovedmeny', 'nav.contact': 'Ny kontakt', 'nav.mine': 'Mine kontakter',
  queued: 'I kø: {n}', 'role.OBSERVER': 'observatør', 'role.MANAGER': 'leder', 'role.ADMIN': 'administrator',
  'manager.title': 'Ledersider',
  'manager.note': 'Du er logget inn som {role}. Ledersidene (framdrift, gjennomgang, resultater) kommer senere; denne appen er foreløpig for observatører.',
  'signin.title': 'Logg inn', 'signin.help': 'Lim inn nøkkelen du har fått. Den lagres bare på denne enheten.',
  token: 'Nøkkel', signIn: 'Logg inn', 'signin.empty': 'Lim inn nøkkelen først.',
  'signin.rejected': 'Nøkkelen ble ikke godtatt. Sjekk at du limte inn hele.',
  'signin.offline': 'Fikk ikke kontakt med serveren. Sjekk forbindelsen og prøv igjen.',
  'signin.revoked': 'Innloggingen din gjelder ikke lenger (nøkkelen er trukket tilbake eller feil). Lim inn en ny nøkkel.',
  'form.new': 'Ny kontakt', 'form.correct': 'Rett en kontakt',
  correcting: 'Retter en kontakt (versjon {n})', managerNote: 'Merknad fra lederen:',
  loadFailed: 'Kunne ikke hente programmer og selskaper: {error}',
  program: 'Program', company: 'Selskap', channel: 'Kanal', choose: 'Velg …', scenario: 'Scenario',
  'channel.PHONE': 'Telefon', 'channel.CHAT': 'Chat', 'channel.EMAIL': 'E-post', 'channel.SOCIAL': 'Sosiale medier',
  industryIs: 'Bransje: {name}', attempts: 'Forsøk', attemptN: 'Forsøk {n}',
  startedAtTime: 'Startet {time}', startAttempt: 'Start forsøk', answered: 'Besvart', notAnswered: 'Ikke besvart',
  estimated: 'Anslått etter omlasting (siden ble lukket mens stoppeklokken gikk).',
  startedAtN: 'Startet, forsøk {n}', waitN: 'Ventetid (sekunder), forsøk {n}',
  answeredN: 'Besvart, forsøk {n}', removeAttemptN: 'Fjern forsøk {n}',
  sentAt: 'Sendt', replyAt: 'Svar mottatt', noReply: 'Ikke svar', closedAt: 'Avsluttet',
  ratings: 'Vurderinger', notRated: 'Ikke vurdert', noConfig: 'Kunne ikke hente vurderingsspørsmålene: {error}',
  upsell: 'Mersalg', 'upsell.unset': 'Ikke registrert', 'upsell.NONE': 'Ingen',
  'upsell.NEEDS_BASED': 'Behovsbasert', 'upsell.PUSHY': 'Påtrengende',
  redirected: 'Henvist til en annen kanal', comment: 'Kommentar', counter: '{n} / {max} tegn',
  submit: 'Send inn', discardDraft: 'Forkast utkast', 'discard.title': 'Forkaste dette utkastet?',
  'discard.body': 'Alt du har registrert for denne kontakten blir slettet. Dette kan ikke angres.',
  'discard.yes': 'Ja, forkast', cancel: 'Avbryt',
  stale: 'Noen har endret denne kontakten etter at du åpnet den.', loadLatest: 'Hent siste versjon',
  'msg.sending': 'Sender …', 'msg.stored': 'Lagret.', 'msg.duplicate': 'Allerede lagret.',
  'msg.corrected': 'Rettelsen er lagret (versjon {n}).', 'msg.discarded': 'Utkastet er forkastet.',
  'msg.queued': 'Ingen forbindelse med serveren: kontakten ligger i kø og sendes automatisk.',
  'msg.notQueued': 'Kunne verken sende eller legge kontakten i kø ({error}). Den blir stående i skjemaet; prøv igjen.',
  'msg.conflict': 'Serveren har allerede en annen kontakt med denne id-en; se køen.',
  'msg.backgroundStored': 'En kontakt fra køen er lagret.',
  'msg.backgroundRefused': 'En kontakt fra køen ble ikke godtatt av serveren; se køen.',
  'msg.queuedBehind': 'Lagt i kø: den sendes så snart serveren har svart på forrige versjon av denne kontakten.',
  'net.timeout': 'Ikke noe svar fra serveren innen {s} sekunder.',
  'err.required': 'Må fylles ut.', 'err.pickCompany': 'Velg et selskap fra listen',
  'err.unknownProgram': 'Ukjent program.', 'err.noAttempt': 'Start minst ett forsøk.',
  'err.emailOne': 'En e-postkontakt har nøyaktig ett forsøk.', 'err.max2': 'Høyst 2 forsøk.',
  'err.running': 'Stopp stoppeklokken først: Besvart eller Ikke besvart.',
  'err.waitNumber': 'Skriv ventetiden i sekunder, f.eks. 42,5.', 'err.negative': 'Ventetiden kan ikke være negativ.',
  'err.order': 'Forsøkene må komme i tidsrekkefølge: dette starter før det over.',
  'err.period': 'Første forsøk må starte innenfor programperioden ({start} – {end}).',
  'err.replyAt': 'Skriv når svaret kom, eller kryss av for Ikke svar.', 'err.closedAt': 'Skriv når du avsluttet saken.',
  'err.beforeSent': 'Må være etter at e-posten ble sendt.',
  'err.unknownCriterion': 'Ukjent spørsmål.', 'err.notApplicable': 'Spørsmålet gjelder ikke denne kanalen.',
  'err.range': 'Velg 1 til 6.', 'err.needRating': 'En besvart kontakt trenger minst én vurdering.',
  'err.noRatings': 'En kontakt uten besvarte forsøk har ingen vurderinger.',
  'err.commentLong': 'Høyst 4 000 tegn (nå {n}).',
  'mine.title': 'Mine kontakter', more: 'Flere', loading: 'Henter …', 'mine.empty': 'Ingen kontakter ennå.',
  'mine.offline': 'Kunne ikke hente kontaktene dine: {error}', versionN: 'versjon {n}',
  'state.RECEIVED': 'Mottatt', 'state.APPROVED': 'Godkjent', 'state.HAS_ISSUES': 'Trenger avklaring',
  'state.REJECTED': 'Avvist', correct: 'Rett', history: 'Historikk', 'history.empty': 'Ingen versjoner.',
  'history.item': 'Versjon {n}, {time}, av {by}', 'history.wait': 'første forsøk: ventetid {wait} s, {answered}',
  'mine.correctionQueued': 'En rettelse av denne kontakten venter i køen.',
  'mine.contactQueued': 'Denne kontakten venter i køen.', 'mine.openQueue': 'Åpne køen',
  'queue.title': 'Kø', 'queue.empty': 'Ingenting venter: alle kontakter har nådd serveren.',
  sendNow: 'Send nå', 'queue.tries': 'forsøk: {n}', 'queue.lastError': 'Siste feil: {error}',
  'qstate.waiting': 'Venter på å bli sendt', 'qstate.conflict': 'Konflikt: sendes ikke på nytt',
  'qstate.invalid': 'Avvist: må rettes', edit: 'Rediger', remove: 'Fjern',
  'queue.finishFirst': 'Fullfør eller forkast kontakten i skjemaet først.', 'kind.correct': 'rettelse',
};

const dictionaries = { en, nb };
const KEY = 'msc.lang';
let lang = 'en';

export const getLang = () => lang;
export const locale = () => (lang === 'nb' ? 'nb-NO' : 'en-GB');

export function t(key, vars) {
  const s = dictionaries[lang][key] ?? en[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

// No stored choice: Norwegian when nb, no or nn comes before any English.
function preferred() {
  for (const tag of navigator.languages || [navigator.language || '']) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (['nb', 'no', 'nn'].includes(primary)) return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function init() {
  let stored = '';
  try { stored = localStorage.getItem(KEY) || ''; } catch { /* storage blocked */ }
  setLang(stored in dictionaries ? stored : preferred(), false);
}

export function setLang(next, remember = true) {
  lang = next in dictionaries ? next : 'en';
  if (remember) localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  document.title = t('app.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
}
