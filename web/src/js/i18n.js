// i18n.js - Danish first, with an English switch (kept in localStorage).
// t('key', a, b) fills {0}, {1}. Texts the API gives in both languages
// (findings' text_da / text_en) are picked with pick(obj, 'text').
const da = {
  app: 'Uddannelse og opfølgning', skip: 'Gå til sidens indhold', loading: 'Indlæser …', menu: 'Hovedmenu',
  switchTo: 'English', logout: 'Log ud', loggedInAs: 'Logget ind som {0} ({1})',
  footer: 'ungdb – demonstration af opfølgning på unges uddannelse. Ingen data forlader serveren.',
  'role.admin': 'administrator', 'role.staff': 'medarbejder', 'role.caseworker': 'sagsbehandler (KUI)',
  'role.pupil': 'elev', 'role.guardian': 'forælder', 'role.researcher': 'forsker',
  'login.title': 'Log ind', 'login.user': 'Brugernavn', 'login.password': 'Adgangskode', 'login.submit': 'Log ind',
  'login.failed': 'Forkert brugernavn eller adgangskode.', 'login.limited': 'For mange forsøg. Prøv igen om {0} sekunder.',
  'login.intro': 'Log ind med din bruger. Demo-brugerne står i terminalen, hvor serveren blev startet.',
  'login.out': 'Du er logget ud.',
  'nav.teacher': 'Fremmøde', 'nav.school': 'Fastholdelse', 'nav.kui': 'Kommunen', 'nav.pupil': 'Mit fremmøde',
  'nav.research': 'Registeret', 'nav.children': 'Mine børn',
  'err.title': 'Der skete en fejl', 'err.forbidden': 'Du har ikke adgang til dette (HTTP {0}).',
  'err.notfound': 'Findes ikke, eller du har ikke adgang til det.', 'err.session': 'Din session er udløbet. Log ind igen.',
  'err.field': 'Feltet {0}: {1}',
  'teacher.title': 'Dagens lektioner', 'teacher.date': 'Dato', 'teacher.school': 'Skole', 'teacher.none': 'Ingen lektioner denne dag.',
  'teacher.time': 'Tid', 'teacher.lesson': 'Lektion', 'teacher.subject': 'Fag', 'teacher.register': 'Registrér fremmøde',
  'teacher.registerFor': 'Registrér fremmøde: {0}',
  'teacher.onlyMine': 'Kun mine lektioner (fjern fluebenet for at se alle skolens lektioner, fx som vikar)', 'teacher.noneMine': 'Du har ingen lektioner denne dag her. Fjern fluebenet for at se alle skolens lektioner.',
  'teacher.mineCaption': 'mine lektioner', 'teacher.yours': 'din lektion',
  'lesson.title': '{0}, {1}', 'lesson.groups': 'Hold', 'lesson.teachers': 'Lærere', 'lesson.minutes': '{0} minutter',
  'lesson.help': 'Alle er mødt som udgangspunkt. Markér de fraværende (mellemrum på afkrydsningsfeltet), ret minutter og om fraværet er lovligt, og gem med Enter eller knappen.',
  'lesson.pupil': 'Elev', 'lesson.absent': 'Fraværende', 'lesson.absentMinutes': 'Minutter fravær', 'lesson.lawful': 'Lovligt fravær',
  'lesson.reason': 'Årsag', 'lesson.save': 'Gem fremmøde', 'lesson.saved': 'Fremmøde gemt for {0} elever ({1} fraværende) kl. {2}.',
  'lesson.adjusted': '{0}: {1} minutter blev til {2} minutter.', 'lesson.registeredAt': 'Sidst registreret {0}',
  'lesson.absentOf': '{0} fraværende af {1}', 'lesson.back': 'Tilbage til dagens lektioner', 'lesson.noPupils': 'Lektionen har ingen elever.',
  'lesson.rulesApplied': 'Regler anvendt', 'lesson.absentLabel': 'Fraværende: {0}', 'lesson.minutesLabel': 'Minutter fravær: {0}', 'lesson.lawfulLabel': 'Lovligt fravær: {0}', 'lesson.reasonLabel': 'Årsag: {0}',
  'person.title': 'Fravær over tid: {0}', 'person.week': 'Uge', 'person.lawful': 'Lovligt fravær (min.)', 'person.unlawful': 'Ulovligt fravær (min.)',
  'person.chartLabel': 'Søjlediagram: fravær i minutter pr. uge, lovligt og ulovligt', 'person.table': 'Vis tallene som tabel',
  'person.totals': '{0} registreringer, {1} minutters fravær, heraf {2} ulovligt.', 'person.none': 'Ingen registreringer i perioden.',
  'person.registrations': 'Registreringer', 'person.from': 'Fra', 'person.to': 'Til', 'person.show': 'Vis',
  'export.csv': 'Hent som CSV', 'export.xlsx': 'Hent som Excel',
  'att.when': 'Lektion', 'att.title': 'Fag', 'att.status': 'Status', 'att.minutes': 'Minutter', 'att.lawful': 'Lovligt', 'att.reason': 'Årsag', 'att.comments': 'Bemærkninger',
  'att.present': 'Mødt', 'att.absent': 'Fraværende', 'yes': 'Ja', 'no': 'Nej',
  'pupil.title': 'Mit fremmøde', 'pupil.comment': 'Kommentér', 'pupil.commentOn': 'Din bemærkning til {0}',
  'pupil.commentText': 'Bemærkning', 'pupil.commentReason': 'Årsag til fraværet (valgfri)', 'pupil.send': 'Send bemærkning',
  'pupil.sent': 'Din bemærkning er gemt.', 'pupil.rule': 'Du kan se og kommentere dine egne registreringer',
  'reason.illness': 'Sygdom', 'reason.other_lawful': 'Anden lovlig grund', 'reason.civic_duty': 'Borgerligt ombud',
  'reason.student_democracy': 'Elevdemokrati', 'reason.other': 'Andet', 'reason.none': '(ingen)',
  'rule.usedFacts': 'Fakta brugt', 'rule.paragraph': 'Hjemmel', 'rule.opens': 'åbner retsinformation.dk i et nyt vindue',
  'rule.due': 'Frist {0}.', 'rule.draft': 'udkast til bekendtgørelse',
  'status.ok': 'opfyldt', 'status.due': 'frist', 'status.overdue': 'overskredet', 'status.breach': 'brud',
  'status.not_applicable': 'ikke relevant', 'status.needs_judgement': 'kræver vurdering',
  'school.title': 'Fastholdelse', 'school.tab.pupils': 'Elever og risiko', 'school.tab.reports': 'Indberetninger', 'school.tab.tasks': 'Opgaver', 'school.tab.outbox': 'Udbakke',
  'school.pupils': 'Elever', 'school.openCase': 'Åbn sag', 'school.noReports': 'Ingen indberetninger endnu.', 'school.noTasks': 'Ingen opgaver.',
  'rep.on': 'Dato', 'rep.kind': 'Art', 'rep.by': 'Indberettet af', 'rep.institution': 'Institution', 'rep.contact': 'Kontaktperson',
  'rep.kind.risk': 'Risiko for frafald', 'rep.kind.interruption': 'Afbrud', 'rep.by.institution': 'Institutionen', 'rep.by.municipality': 'Kommunen',
  'rep.scope': 'Er personen omfattet (VBK § 31)', 'rep.sent': 'Indberetningen til Ungedatabasen er lagt i udbakken ({0}).',
  'rep.forced': 'Indberetningen blev sendt med det samme, fordi der blev givet en bekymringsmeddelelse om fravær:', 'rep.notForced': 'Indberetningen bygger på den konkrete vurdering.',
  'rep.task': 'Opgave oprettet: {0}, frist {1}.', 'rep.noTask': 'Ingen opgave til forældrene (eleven er fyldt 18 eller uden institution).',
  'rep.title': 'Indberet til Ungedatabasen', 'rep.help': 'En indberetning om risiko for frafald bygger på en konkret vurdering, hvor eleven blev vurderet i risiko.',
  'rep.assessment': 'Vurdering', 'rep.noAssessment': '(ingen)', 'rep.send': 'Send indberetning',
  'task.kind': 'Opgave', 'task.due': 'Frist', 'task.status': 'Tilstand', 'task.kind.notify_guardians': 'Underret forældremyndighedens indehavere',
  'task.status.open': 'åben', 'task.status.done': 'udført',
  'outbox.help': 'Det, som integrationen henter til Ungedatabasen (JSON).', 'outbox.empty': 'Udbakken er tom.', 'outbox.forced': 'Tvunget af bekymringsmeddelelse',
  'case.title': 'Sag: {0}', 'case.born': 'Født', 'case.muni': 'Bopælskommune', 'case.absence': 'Fravær over tid',
  'case.findings': 'Regler pr. {0}', 'case.noFindings': 'Ingen regler at vise.', 'case.history': 'Sagens forløb', 'case.assessments': 'Vurderinger',
  'case.notices': 'Meddelelser', 'case.reports': 'Indberetninger', 'case.empty': 'Intet registreret endnu.',
  'ass.title': 'Konkret vurdering', 'ass.help': 'Vurder konkret ud fra fremmøde, fravær og aktiv deltagelse, om eleven er i risiko for at afbryde uddannelsen.',
  'ass.atRisk': 'I risiko for frafald', 'ass.yes': 'Ja, i risiko', 'ass.no': 'Nej', 'ass.grounds': 'Begrundelse', 'ass.save': 'Gem vurdering', 'ass.saved': 'Vurderingen er gemt ({0}).',
  'notice.title': 'Meddelelse til eleven', 'notice.help': 'En bekymringsmeddelelse om fravær indberettes straks som risiko for frafald.',
  'notice.kind': 'Art', 'notice.note': 'Note', 'notice.save': 'Gem meddelelse', 'notice.saved': 'Meddelelsen er gemt.',
  'event.title': 'Hændelse om deltagelse', 'event.help': 'Registrér en hændelse om elevens aktive deltagelse, fx en manglende aflevering. Institutionens kriterier tæller hændelserne; en hændelse indberettes aldrig af sig selv.',
  'event.kind': 'Hændelse', 'event.note': 'Note', 'event.save': 'Registrér hændelse', 'event.saved': '{0} er registreret ({1}).', 'case.events': 'Hændelser om deltagelse',
  'event.kind.missing_hand_in': 'Manglende aflevering', 'event.kind.missing_participation': 'Manglende deltagelse', 'event.kind.conduct': 'Adfærd', 'event.kind.other': 'Anden',
  'notice.kind.concern_absence': 'Bekymring om fravær', 'notice.kind.reprimand': 'Påtale', 'notice.kind.warning': 'Advarsel', 'notice.kind.other': 'Anden', 'notice.kind.sanction': 'Sanktion',
  'muni.title': 'Kommunens egen indberetning', 'muni.help': 'Kommunen indberetter risiko for frafald og deler den med institutionen med en kontaktperson.',
  'muni.noInst': '(ingen institution)', 'muni.contactHint': 'Navn og telefon eller e-mail på kommunens kontaktperson', 'muni.send': 'Send kommunens indberetning',
  'kui.title': 'Kommunal ungeindsats {0}', 'kui.tab.inbox': 'Indbakke', 'kui.inboxHelp': 'Indberetninger om kommunens borgere.',
  'doc.fguCert': 'Kompetencebevis fra {0} (PDF)', 'doc.stuPaper': 'Kompetencepapir (PDF)',
  'reg.title': 'Forskningsregisteret', 'reg.none': 'Serveren udstiller intet register (start den med --register DIR).',
  'reg.intro': 'Registeret er pseudonymiseret: cpr-numre og brugernavne er erstattet af pseudonymer.',
  'reg.validation': 'Valideringstal pr. levering', 'reg.validationHelp': 'Antal fund af hvert tjek pr. ugentlig levering (summen over institutioner). Et pludseligt spring peger på en fejl i en levering.',
  'reg.validationChart': 'Linjediagram: valideringstal pr. levering, én linje pr. tjek', 'reg.noCounts': 'Ingen valideringstal.', 'reg.count': 'Antal',
  'reg.hours': 'Timer i forhold til normen', 'reg.hoursHelp': 'Skolernes planlagte timer pr. elev i forhold til folkeskolelovens minimumstimetal (§ 14 b), fra registerets hours.csv.',
  'reg.hoursAlt': 'Registerets histogram over skolernes procent af normen (hours.svg)', 'reg.hoursChart': 'Søjlediagram: antal skoler pr. 5 procentpoint af normen',
  'reg.institutions': 'Skoler', 'reg.pupils': 'Elever', 'reg.hoursYear': 'Timer pr. elev pr. år', 'reg.percent': 'Procent af normen', 'reg.inBand': 'Inden for 85-115 %',
  'reg.download': 'Hent tabellerne', 'reg.file': 'Fil', 'reg.size': 'Størrelse',
  'school.tab.candidates': 'Risikokandidater', 'school.tab.criteria': 'Kriterier',
  'cand.noCriteria': 'Institutionen har ingen kriteriefil endnu. Læg den ind under Kriterier.', 'cand.screened': '{0} elever gennemgået efter kriterierne {1}.',
  'cand.none': 'Kriterierne peger ikke på nogen elever.', 'cand.reasons': 'Grunde', 'cand.finding': 'Regel', 'cand.threshold': 'grænse', 'cand.window': '{0} uger',
  'cand.notCovered': 'Ramt af kriterierne, men ikke omfattet af indberetningspligten',
  'crit.file': 'Kriteriefil', 'crit.help': 'Én indstilling pr. linje (docs/rules.md). Filen kontrolleres af regelmotoren, når den gemmes.', 'crit.save': 'Gem kriterier',
  'crit.saved': 'Kriterierne er gemt ({0} kriterier).', 'crit.error': 'Linje {0}: {1}', 'crit.read': 'Kriterier, version {0}, gemt {1}',
  'crit.name': 'Navn', 'crit.label': 'Beskrivelse', 'crit.measure': 'Mål', 'crit.window': 'Periode',
  'crit.intro': 'Institutionen fastsætter selv, hvordan fravær og deltagelse vurderes; kriterierne foreslår kandidater, en medarbejder vurderer konkret.',
  'crit.preview': 'Forhåndsvisning uge for uge', 'crit.previewBtn': 'Forhåndsvis',
  'crit.previewHelp': 'Se, hvor mange elever kriterierne i feltet ovenfor ville have peget på hver uge over det registrerede fremmøde, deltagelseshændelser og de givne meddelelser, før du gemmer dem. Hver uge vurderes om søndagen. Intet gemmes.',
  'crit.from': 'Fra (ugen med datoen)', 'crit.to': 'Til (ugen med datoen)',
  'crit.previewSummary': '{0} elever med registreret fremmøde, uger fra {1} til {2}; en elev markeres ved mindst {3} ramte kriterier.',
  'crit.previewChart': 'Søjlediagram: elever markeret og nye markerede pr. uge', 'crit.previewTable': 'Elever pr. uge',
  'crit.pupils': 'Elever', 'crit.week': 'Uge', 'crit.active': 'Med lektioner', 'crit.flagged': 'Markeret', 'crit.newly': 'Nye', 'crit.cumulative': 'I alt indtil nu',
  'crit.previewDone': 'Forhåndsvisning af {0} uger vist.',
  'task.markDone': 'Markér som udført', 'task.doneOn': 'Udført {0}',
  'kui.tab.duty': 'Frister (15-17 år)', 'kui.tab.stu': 'STU', 'kui.dutyHelp': 'Uddannelsespligtens sager sorteret efter næste frist pr. {0}.',
  'kui.noCases': 'Ingen sager.', 'kui.age': 'Alder', 'kui.daysLeft': 'Dage tilbage', 'kui.days': '{0} dage', 'kui.overdueBy': 'overskredet med {0} dage',
  'kui.findings': 'Regler', 'kui.nFindings': '{0} regler', 'kui.stuHelp': 'STU-forløb med timer, perioder, planer og 5-årsgrænsen efter regelmotoren.',
  'kui.years': 'år', 'kui.next': 'Næste frist {0} ({1} dage).',
  'stu.start': 'Start', 'stu.plans': 'Planer', 'stu.plan.initial': 'Foreløbig plan', 'stu.plan.final': 'Endelig plan', 'stu.plan.review': 'Revision',
  'stu.period': 'Periode', 'stu.hours': 'Undervisningstimer', 'stu.days': 'Praktikdage', 'stu.total': 'I alt {0} undervisningstimer.',
  'guardian.help': 'Dine børn under 18 år.', 'guardian.none': 'Ingen børn under 18 år.',
};

const en = {
  app: 'Education and follow-up', skip: 'Skip to the page content', loading: 'Loading …', menu: 'Main menu',
  switchTo: 'Dansk', logout: 'Log out', loggedInAs: 'Logged in as {0} ({1})',
  footer: 'ungdb – a demonstration of the follow-up of young people\'s education. No data leaves the server.',
  'role.admin': 'administrator', 'role.staff': 'staff', 'role.caseworker': 'caseworker (KUI)',
  'role.pupil': 'pupil', 'role.guardian': 'guardian', 'role.researcher': 'researcher',
  'login.title': 'Log in', 'login.user': 'User name', 'login.password': 'Password', 'login.submit': 'Log in',
  'login.failed': 'Wrong user name or password.', 'login.limited': 'Too many attempts. Try again in {0} seconds.',
  'login.intro': 'Log in with your user. The demo users are printed in the terminal where the server was started.',
  'login.out': 'You are logged out.',
  'nav.teacher': 'Attendance', 'nav.school': 'Retention', 'nav.kui': 'Municipality', 'nav.pupil': 'My attendance',
  'nav.research': 'Register', 'nav.children': 'My children',
  'err.title': 'Something went wrong', 'err.forbidden': 'You do not have access to this (HTTP {0}).',
  'err.notfound': 'Does not exist, or you have no access to it.', 'err.session': 'Your session has expired. Log in again.',
  'err.field': 'Field {0}: {1}',
  'teacher.title': 'Today\'s lessons', 'teacher.date': 'Date', 'teacher.school': 'School', 'teacher.none': 'No lessons on this day.',
  'teacher.time': 'Time', 'teacher.lesson': 'Lesson', 'teacher.subject': 'Subject', 'teacher.register': 'Register attendance',
  'teacher.registerFor': 'Register attendance: {0}',
  'teacher.onlyMine': 'Only my lessons (untick to see all the school\'s lessons, e.g. as a substitute)', 'teacher.noneMine': 'You have no lessons here on this day. Untick to see all the school\'s lessons.',
  'teacher.mineCaption': 'my lessons', 'teacher.yours': 'your lesson',
  'lesson.title': '{0}, {1}', 'lesson.groups': 'Groups', 'lesson.teachers': 'Teachers', 'lesson.minutes': '{0} minutes',
  'lesson.help': 'Everyone is present by default. Mark the absent (space on the checkbox), adjust minutes and whether the absence is lawful, and save with Enter or the button.',
  'lesson.pupil': 'Pupil', 'lesson.absent': 'Absent', 'lesson.absentMinutes': 'Minutes absent', 'lesson.lawful': 'Lawful absence',
  'lesson.reason': 'Reason', 'lesson.save': 'Save attendance', 'lesson.saved': 'Attendance saved for {0} pupils ({1} absent) at {2}.',
  'lesson.adjusted': '{0}: {1} minutes became {2} minutes.', 'lesson.registeredAt': 'Last registered {0}',
  'lesson.absentOf': '{0} absent of {1}', 'lesson.back': 'Back to today\'s lessons', 'lesson.noPupils': 'The lesson has no pupils.',
  'lesson.rulesApplied': 'Rules applied', 'lesson.absentLabel': 'Absent: {0}', 'lesson.minutesLabel': 'Minutes absent: {0}', 'lesson.lawfulLabel': 'Lawful absence: {0}', 'lesson.reasonLabel': 'Reason: {0}',
  'person.title': 'Absence over time: {0}', 'person.week': 'Week', 'person.lawful': 'Lawful absence (min.)', 'person.unlawful': 'Unlawful absence (min.)',
  'person.chartLabel': 'Bar chart: minutes of absence per week, lawful and unlawful', 'person.table': 'Show the figures as a table',
  'person.totals': '{0} registrations, {1} minutes absent, of which {2} unlawful.', 'person.none': 'No registrations in the period.',
  'person.registrations': 'Registrations', 'person.from': 'From', 'person.to': 'To', 'person.show': 'Show',
  'export.csv': 'Download as CSV', 'export.xlsx': 'Download as Excel',
  'att.when': 'Lesson', 'att.title': 'Subject', 'att.status': 'Status', 'att.minutes': 'Minutes', 'att.lawful': 'Lawful', 'att.reason': 'Reason', 'att.comments': 'Comments',
  'att.present': 'Present', 'att.absent': 'Absent', yes: 'Yes', no: 'No',
  'pupil.title': 'My attendance', 'pupil.comment': 'Comment', 'pupil.commentOn': 'Your comment on {0}',
  'pupil.commentText': 'Comment', 'pupil.commentReason': 'Reason for the absence (optional)', 'pupil.send': 'Send comment',
  'pupil.sent': 'Your comment is saved.', 'pupil.rule': 'You may see and comment on your own registrations',
  'reason.illness': 'Illness', 'reason.other_lawful': 'Other lawful reason', 'reason.civic_duty': 'Civic duty',
  'reason.student_democracy': 'Student democracy', 'reason.other': 'Other', 'reason.none': '(none)',
  'rule.usedFacts': 'Facts used', 'rule.paragraph': 'Legal basis', 'rule.opens': 'opens retsinformation.dk in a new window',
  'rule.due': 'Due {0}.', 'rule.draft': 'draft order',
  'status.ok': 'met', 'status.due': 'due', 'status.overdue': 'overdue', 'status.breach': 'breach',
  'status.not_applicable': 'not applicable', 'status.needs_judgement': 'needs judgement',
  'school.title': 'Retention', 'school.tab.pupils': 'Pupils and risk', 'school.tab.reports': 'Reports', 'school.tab.tasks': 'Tasks', 'school.tab.outbox': 'Outbox',
  'school.pupils': 'Pupils', 'school.openCase': 'Open case', 'school.noReports': 'No reports yet.', 'school.noTasks': 'No tasks.',
  'rep.on': 'Date', 'rep.kind': 'Kind', 'rep.by': 'Reported by', 'rep.institution': 'Institution', 'rep.contact': 'Contact',
  'rep.kind.risk': 'Risk of dropout', 'rep.kind.interruption': 'Interruption', 'rep.by.institution': 'The institution', 'rep.by.municipality': 'The municipality',
  'rep.scope': 'Is the person covered (VBK § 31)', 'rep.sent': 'The report to the youth database is in the outbox ({0}).',
  'rep.forced': 'The report was sent at once because a notice of concern about absence was given:', 'rep.notForced': 'The report rests on the concrete assessment.',
  'rep.task': 'Task created: {0}, due {1}.', 'rep.noTask': 'No task for the guardians (the pupil is 18 or over, or no institution).',
  'rep.title': 'Report to the youth database', 'rep.help': 'A report of risk of dropout rests on a concrete assessment that found the pupil at risk.',
  'rep.assessment': 'Assessment', 'rep.noAssessment': '(none)', 'rep.send': 'Send report',
  'task.kind': 'Task', 'task.due': 'Due', 'task.status': 'State', 'task.kind.notify_guardians': 'Tell the holders of parental responsibility',
  'task.status.open': 'open', 'task.status.done': 'done',
  'outbox.help': 'What the integration collects for the youth database (JSON).', 'outbox.empty': 'The outbox is empty.', 'outbox.forced': 'Forced by a concern notice',
  'case.title': 'Case: {0}', 'case.born': 'Born', 'case.muni': 'Municipality of residence', 'case.absence': 'Absence over time',
  'case.findings': 'Rules on {0}', 'case.noFindings': 'No rules to show.', 'case.history': 'The case so far', 'case.assessments': 'Assessments',
  'case.notices': 'Notices', 'case.reports': 'Reports', 'case.empty': 'Nothing recorded yet.',
  'ass.title': 'Concrete assessment', 'ass.help': 'Assess concretely from attendance, absence and active participation whether the pupil is at risk of dropping out.',
  'ass.atRisk': 'At risk of dropout', 'ass.yes': 'Yes, at risk', 'ass.no': 'No', 'ass.grounds': 'Grounds', 'ass.save': 'Save assessment', 'ass.saved': 'The assessment is saved ({0}).',
  'notice.title': 'Notice to the pupil', 'notice.help': 'A notice of concern about absence is reported at once as a risk of dropout.',
  'notice.kind': 'Kind', 'notice.note': 'Note', 'notice.save': 'Save notice', 'notice.saved': 'The notice is saved.',
  'event.title': 'Participation event', 'event.help': 'Record an event about the pupil\'s active participation, such as a missing hand-in. The institution\'s criteria count the events; an event is never reported by itself.',
  'event.kind': 'Event', 'event.note': 'Note', 'event.save': 'Record event', 'event.saved': '{0} is recorded ({1}).', 'case.events': 'Participation events',
  'event.kind.missing_hand_in': 'Missing hand-in', 'event.kind.missing_participation': 'Lack of participation', 'event.kind.conduct': 'Conduct', 'event.kind.other': 'Other',
  'notice.kind.concern_absence': 'Concern about absence', 'notice.kind.reprimand': 'Reprimand', 'notice.kind.warning': 'Warning', 'notice.kind.other': 'Other', 'notice.kind.sanction': 'Sanction',
  'muni.title': 'The municipality\'s own report', 'muni.help': 'The municipality reports a risk of dropout and shares it with the institution, with a contact person.',
  'muni.noInst': '(no institution)', 'muni.contactHint': 'Name and phone or e-mail of the municipality\'s contact', 'muni.send': 'Send the municipality\'s report',
  'kui.title': 'Municipal youth service {0}', 'kui.tab.inbox': 'Inbox', 'kui.inboxHelp': 'Reports about the municipality\'s residents.',
  'doc.fguCert': 'Competence certificate from {0} (PDF)', 'doc.stuPaper': 'Competence paper (PDF)',
  'reg.title': 'The research register', 'reg.none': 'The server serves no register (start it with --register DIR).',
  'reg.intro': 'The register is pseudonymised: CPR numbers and user names are replaced by pseudonyms.',
  'reg.validation': 'Validation counts per delivery', 'reg.validationHelp': 'Findings of each check per weekly delivery (summed over institutions). A sudden jump points to an error in a delivery.',
  'reg.validationChart': 'Line chart: validation counts per delivery, one line per check', 'reg.noCounts': 'No validation counts.', 'reg.count': 'Count',
  'reg.hours': 'Hours against the norm', 'reg.hoursHelp': 'Scheduled hours per pupil against the minimum of the Folkeskole Act (§ 14 b), from the register\'s hours.csv.',
  'reg.hoursAlt': 'The register\'s histogram of the schools\' percent of the norm (hours.svg)', 'reg.hoursChart': 'Bar chart: schools per 5 percentage points of the norm',
  'reg.institutions': 'Schools', 'reg.pupils': 'Pupils', 'reg.hoursYear': 'Hours per pupil per year', 'reg.percent': 'Percent of the norm', 'reg.inBand': 'Within 85-115 %',
  'reg.download': 'Download the tables', 'reg.file': 'File', 'reg.size': 'Size',
  'school.tab.candidates': 'Risk candidates', 'school.tab.criteria': 'Criteria',
  'cand.noCriteria': 'The institution has no criteria file yet. Add it under Criteria.', 'cand.screened': '{0} pupils screened by the criteria {1}.',
  'cand.none': 'The criteria point to no pupils.', 'cand.reasons': 'Reasons', 'cand.finding': 'Rule', 'cand.threshold': 'threshold', 'cand.window': '{0} weeks',
  'cand.notCovered': 'Hit by the criteria, but not covered by the duty to report',
  'crit.file': 'Criteria file', 'crit.help': 'One setting a line (docs/rules.md). The rules engine checks the file when it is saved.', 'crit.save': 'Save criteria',
  'crit.saved': 'The criteria are saved ({0} criteria).', 'crit.error': 'Line {0}: {1}', 'crit.read': 'Criteria, version {0}, saved {1}',
  'crit.name': 'Name', 'crit.label': 'Description', 'crit.measure': 'Measure', 'crit.window': 'Period',
  'crit.intro': 'The institution sets how absence and participation are judged; the criteria propose candidates, a staff member assesses concretely.',
  'crit.preview': 'Week-by-week preview', 'crit.previewBtn': 'Preview',
  'crit.previewHelp': 'See how many pupils the criteria in the field above would have pointed to each week over the registered attendance, participation events and the notices given, before you save them. Each week is judged on its Sunday. Nothing is saved.',
  'crit.from': 'From (the week of the date)', 'crit.to': 'To (the week of the date)',
  'crit.previewSummary': '{0} pupils with registered attendance, weeks from {1} to {2}; a pupil is flagged when at least {3} criteria hit.',
  'crit.previewChart': 'Bar chart: pupils flagged and newly flagged per week', 'crit.previewTable': 'Pupils per week',
  'crit.pupils': 'Pupils', 'crit.week': 'Week', 'crit.active': 'With lessons', 'crit.flagged': 'Flagged', 'crit.newly': 'New', 'crit.cumulative': 'Flagged so far',
  'crit.previewDone': 'Preview of {0} weeks shown.',
  'task.markDone': 'Mark as done', 'task.doneOn': 'Done {0}',
  'kui.tab.duty': 'Deadlines (15-17)', 'kui.tab.stu': 'STU', 'kui.dutyHelp': 'Duty cases sorted by the next deadline on {0}.',
  'kui.noCases': 'No cases.', 'kui.age': 'Age', 'kui.daysLeft': 'Days left', 'kui.days': '{0} days', 'kui.overdueBy': 'overdue by {0} days',
  'kui.findings': 'Rules', 'kui.nFindings': '{0} rules', 'kui.stuHelp': 'STU courses with hours, periods, plans and the 5-year limit by the rules engine.',
  'kui.years': 'years', 'kui.next': 'Next deadline {0} ({1} days).',
  'stu.start': 'Start', 'stu.plans': 'Plans', 'stu.plan.initial': 'Initial plan', 'stu.plan.final': 'Final plan', 'stu.plan.review': 'Review',
  'stu.period': 'Period', 'stu.hours': 'Teaching hours', 'stu.days': 'Practical days', 'stu.total': 'In all {0} teaching hours.',
  'guardian.help': 'Your children under 18.', 'guardian.none': 'No children under 18.',
};

const dicts = { da, en };
let lang = (() => { try { return localStorage.getItem('ungdb.lang') === 'en' ? 'en' : 'da'; } catch { return 'da'; } })();

export const getLang = () => lang;
export function setLang(l) {
  lang = l === 'en' ? 'en' : 'da';
  try { localStorage.setItem('ungdb.lang', lang); } catch { /* private mode */ }
  document.documentElement.lang = lang;
}
export function addTexts(more) {
  Object.assign(da, more.da);
  Object.assign(en, more.en);
}
export function t(key, ...args) {
  const s = dicts[lang][key] ?? da[key] ?? key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}
export const pick = (obj, base) => (obj ? obj[`${base}_${lang}`] ?? obj[`${base}_da`] ?? obj[base] : '');

// Dates and times as people read them.
export function fmtDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'en' ? 'en-GB' : 'da-DK',
    { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}
export const fmtTime = (dt) => (dt ? dt.slice(11, 16) : '');
export const fmtDateTime = (dt) => (dt ? `${fmtDate(dt)} ${dt.slice(11, 16)}` : '');
// A UTC timestamp of the server ('...Z') in the browser's local time.
export function fmtStamp(z) {
  if (!z) return '';
  const d = new Date(z);
  if (Number.isNaN(d.getTime())) return z;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'da-DK', { dateStyle: 'medium', timeStyle: 'short' });
}
// ISO week of a 'YYYY-MM-DD' date, as '2026-W48'.
export function isoWeek(iso) {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  const day = (dt.getUTCDay() + 6) % 7;
  dt.setUTCDate(dt.getUTCDate() - day + 3);
  const wy = dt.getUTCFullYear();
  const jan4 = new Date(Date.UTC(wy, 0, 4));
  const w = 1 + Math.round(((dt - jan4) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${wy}-W${String(w).padStart(2, '0')}`;
}
