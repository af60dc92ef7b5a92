// Scoring the candidate sentences against a question. Each sentence gets the question's stemmed content
// terms it has, weighted by an IDF over the candidates (names in the question weigh more, "ITB" and light
// verbs less; acronyms the passages define, the reviewed alias table and long shared stem prefixes match
// for the question's words: matching.ts), plus small bonuses for its passage's coverage of the question,
// its title or section, its retrieval rank and score, the kind of answer the question's shape asks for
// (question-types.ts; about the question's subject, subject.ts) and the question's language
// (sentence-score.ts); then the sentences are weighed against each other (adjustments.ts: the
// question's names, a follow-up's own words, other groups of students, definitions, alternatives). For "kapan"/"di mana"/"siapa pendiri" a
// sentence giving the date, the place or the doer about the subject opens the answer; "bagaimana cara"
// a procedure's first step (continuation.ts); "… di fakultas apa?" the sentence in which a faculty has the
// programme (housing.ts). A follow-up naming another degree level or a unit is answered of it alone (follow-up-scope.ts). A question about ITB itself has the institution's name
// for its topic. "beasiswa untuk mahasiswa baru" is about scholarships (groups.ts). A follow-up's
// subject counts less. An amount the documents say changes is given by the next sentence saying where
// it is published (continuation.ts).
// When the names of the question are mostly in no passage, no sentence has the action a yes/no question
// asks about as it means it (action.ts: "pindah program studi", not "memindahkan lokasi …"; a "cara" question's, done to
// something: "cara pindah jurusan", not "perpindahan panas"), or the best sentence is not evidence enough
// (evidence.ts: below a relevance floor, a key word in no passage, live information, a ranking or a
// count the passages do not give: "Berapa jumlah mahasiswa ITB?" is not answered by "… minimal 144
// SKS"), the question is declined. What it hands to composition: scored.ts.
import type { Language } from '../../text/language.ts'
import { replaceInformal } from '../../retrieval/aliases.ts'
import { collectCandidates, pointsElsewhere } from './candidates.ts'
import type { Candidate } from './candidates.ts'
import { askedAction, procedureAction, takesAction } from './action.ts'
import { derivedAsked, hasDerived } from './derivation.ts'
import { weighAgainstEachOther } from './adjustments.ts'
import { alternativesAsked } from './alternatives.ts'
import { boundAsked, boundedMeasure } from './bounds.ts'
import { DECISIVE_RELEVANCE, openDecisively } from './decisive.ts'
import { datedEventsAsked, datesEvent, enoughEvidence } from './evidence.ts'
import { existingAsked, groupAskedFor } from './existence.ts'
import { openWithFirstStep, pointsForAsked, publishedAfter } from './continuation.ts'
import { askedForStudents, withoutStudentWords } from './groups.ts'
import { headingReader } from './headings.ts'
import { listOfEach } from './each-of-title.ts'
import { facultiesOfCampus, housingSentence, notEveryFaculty } from './housing.ts'
import { aboutListOf, beforeEnumeration, enumerated, enumerates, isListQuestion, listedCount } from './lists.ts'
import { withoutUnasked } from './cue.ts'
import type { Cue } from './cue.ts'
import { countedWords } from './measures.ts'
import { askedQuantity, quantityOfAnother } from './quantity.ts'
import { cuesOf } from './question-types.ts'
import { REQUIREMENT_WORDS } from './what-it-takes.ts'
import { restatedRequirement } from './admission-asked.ts'
import { termMatcher } from './matching.ts'
import { negatesToo } from './negation.ts'
import { ofAnotherPurpose } from './requirement-purpose.ts'
import { requirementObject } from './requirement-object.ts'
import { joinsAsked, openToWords } from './open-to.ts'
import { addShortNames } from './short-names.ts'
import { ofAnotherCampus } from './campuses.ts'
import { obligedAction, saysWhetherObliged } from './obligation.ts'
import { askedOrdinal, hasOrdinalOf } from './ordinal.ts'
import { subjectChecks } from './subject.ts'
import { unitAsked } from './units.ts'
import { withinFollowUpScope } from './follow-up-scope.ts'
import { fixedTerms, institutionTerm, nameTerms, negatedTerms, termFactor, terms, withoutFormWords } from './terms.ts'
import type { StemMode } from './terms.ts'
import type { ExtractiveInput } from './types.ts'
import type { Scored } from './scored.ts'
import { sentenceScore } from './sentence-score.ts'
import type { ListFit } from './sentence-score.ts'

export type { Scored } from './scored.ts'

const NAME_WEIGHT = 1.5
/** Added to every IDF, so the question's topic still counts when most candidate sentences mention it. */
const IDF_FLOOR = 0.5
/** Weight factor of the terms a follow-up takes from its subject's question. */
const SUBJECT_WEIGHT = 0.5

/** The question scored against its passages, or undefined when it must be declined. */
export function scoreQuestion (input: ExtractiveInput, language: Language, minRelevance: number): Scored | undefined {
  const mode: StemMode = language
  // What it asks for is read in the documents' words too: "brp lama" asks how long, as "berapa lama" does; what it takes to study somewhere, as getting in (admission-asked.ts).
  const formal = restatedRequirement(replaceInformal(input.question))
  const cues = cuesOf(formal)
  const strongCue = cues.some((cue) => cue.strong === true)
  const inTurn = cues.filter((cue) => cue.sequence === true)
  const list = isListQuestion(input.question)
  const formWords = new Set(cues.flatMap((cue) => cue.formWords ?? []))
  const written = [...new Set(terms(withoutFormWords(withoutUnasked(formal, cues), formWords), mode))]
  const own = input.previousQuestion === undefined ? written : withoutStudentWords(written, mode)
  if (own.length === 0 && input.previousQuestion === undefined) return undefined
  // A follow-up's subject comes from the question it leans on; its terms count less than its own.
  const subjectText = input.previousQuestion === undefined ? '' : replaceInformal(input.previousQuestion)
  // A follow-up naming only a faculty, school or campus asks its subject's question of that unit, not of the one the subject names (units.ts).
  const unit = input.previousQuestion === undefined ? undefined : unitAsked(own, mode)
  const subject = [...new Set(terms(withoutFormWords(subjectText, new Set(cuesOf(subjectText).flatMap((cue) => cue.formWords ?? []))), mode))]
    .filter((term) => !own.includes(term) && unit?.isUnit(term) !== true)
  const query = [...own, ...subject]
  // Topical terms say what a question is about; "ITB" and light verbs do not, except in a question
  // about the institution itself ("Apa itu ITB?", "Where is ITB?"), where its name is all there is.
  const aboutInstitution = !query.some((term) => termFactor(term) === 1) && query.some(institutionTerm)
  const isTopical = (term: string): boolean => termFactor(term) === 1 || (aboutInstitution && institutionTerm(term))
  const names = nameTerms(formal, mode)
  for (const term of nameTerms(subjectText, mode)) if (!own.includes(term) && unit?.isUnit(term) !== true) names.add(term)

  const { candidates, infos } = collectCandidates(input.passages, mode)
  if (candidates.length === 0) return undefined
  const shortNames = addShortNames(candidates, query, mode)

  // How much of a question term a text has (matching.ts).
  const alternatives = alternativesAsked(formal, mode)
  const { match, tableAliases } = termMatcher({ candidates, passages: input.passages, query, formal, subjectText, mode, alternatives })

  // Term weights: IDF over the candidate sentences (a term no sentence has keeps the highest weight,
  // so a question about something the passages never mention scores low everywhere), the group's
  // words of "beasiswa untuk mahasiswa baru" no more than what is asked for it (groups.ts).
  const n = candidates.length
  const dfs = query.map((term) => candidates.filter((candidate) => match(candidate.terms, term) > 0).length)
  const weights = query.map((term, i) =>
    (IDF_FLOOR + Math.log(1 + (n - dfs[i] + 0.5) / (dfs[i] + 0.5))) * termFactor(term) * (names.has(term) ? NAME_WEIGHT : 1) * (i < own.length ? 1 : SUBJECT_WEIGHT))
  const forStudents = askedForStudents(formal, own.filter(isTopical), mode)
  forStudents?.capWeights(query, weights)
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0)
  const share = (termsOfText: Set<string>): number =>
    query.reduce((sum, term, i) => sum + match(termsOfText, term) * weights[i], 0) / totalWeight
  const averageLength = candidates.reduce((sum, candidate) => sum + candidate.length, 0) / n
  for (const info of infos) {
    info.coverage = share(info.terms)
    info.labelCoverage = share(info.label)
  }

  // Whether a text gives what a cue asks for; a counted number must count a topical word of the question.
  const counts = (text: string): boolean => countedWords(text).some((words) => {
    const found = new Set(terms(words, mode))
    return query.some((term) => isTopical(term) && match(found, term) > 0)
  })
  // What a question of obligation asks is said of its action, in the whole sentence (obligation.ts).
  const obliged = obligedAction(formal, mode, names)
  // Or a list said whole, of what is asked ("FTI ITB memiliki program studi sarjana A, B, …, serta F": lists.ts).
  const named = new Set(`${formal} ${subjectText}`.toLowerCase().match(/[\p{L}\p{N}-]+/gu))
  const countsList = (text: string): boolean => named.has(listedCount(text)?.owner.toLowerCase() ?? '') &&
    query.some((term) => isTopical(term) && match(new Set(terms(beforeEnumeration(text), mode)), term) > 0)
  const datedEvents = datedEventsAsked(formal, mode)
  const gives = (cue: Cue, text: string, whole = text): boolean => (cue.countable === true && countsList(text)
    ? true
    : cue.sentence.test(text) && (cue.counted !== true || counts(text))) && !(cue.notWhile?.test(whole) ?? false) &&
    (cue.given === undefined || ((cue.given.test(text) || pointsForAsked(whole, (termsOfWord) => termsOfWord.some(isAsked), mode)) && datesEvent(whole, datedEvents, mode))) &&
    (cue.obliged !== true || saysWhetherObliged(whole, obliged, (found, wanted) => wanted.some((term) => match(new Set(found), term) > 0), mode))
  const decisive = cues.filter((cue) => cue.decisive === true)
  // "Berapa lama maksimal …?": the bound asked, where a sentence says one (bounds.ts).
  const bound = cues.some((cue) => cue.measured === true) ? boundAsked(formal, candidates.map((candidate) => candidate.text)) : undefined
  const { askedWords, breaksCompound, cueText, anotherHead, givenByTitle, namesDoer } = subjectChecks({ formal, subjectText, names, query, mode, match, tableAliases, candidates, decisive })
  // What the question negates ("gak lulus"): a sentence negating it too ("tidak lulus") says what it asks, one un-negated the opposite (negation.ts).
  const negated = negatedTerms(formal, mode)
  const ranked: Candidate[] = []
  const answersDecisively = new Set<Candidate>()
  /** Sentences stating what a cue that does not open the answer asks for as their subject's own ("Lama cuti akademik …"). */
  const stating = new Set<Candidate>()
  /** The cues a sentence has only through its document's title (Cue.kindWords). */
  const titled = new Map<Candidate, Cue[]>()
  // "Apakah bisa pindah program studi …?": a sentence with the action's stem in another sense ("memindahkan lokasi …") does not have it (action.ts).
  const action = askedAction(formal, mode)
  const actions = action === undefined ? [] : [action, ...(action.along !== undefined ? [action.along] : [])]
  // "Bagaimana cara pindah jurusan?": not "perpindahan panas", what it is done to maybe in the alias table's words; "ITB ada jurusan kedokteran ga?": not "… keterangan dokter" (derivation.ts).
  const procedure = action === undefined ? procedureAction(formal, mode) : undefined
  const derived = derivedAsked(formal, mode)
  const askedOrSaid = (termsOfWord: string[]): boolean => asked(termsOfWord) || termsOfWord.some((term) => [...tableAliases.values()].some((phrases) => phrases.some((phrase) => phrase.includes(term))))
  const ordinal = askedOrdinal(formal, mode)
  const ofKind = (termsOfWord: string[]): boolean => ordinal !== undefined && ordinal.kind.some((kind) => match(new Set(termsOfWord), kind) > 0)
  const quantity = askedQuantity(formal, mode)
  const counted = (termsOfWord: string[], matching = match): boolean => quantity !== undefined && quantity.kind.some((kind) => matching(new Set(termsOfWord), kind) > 0)
  const isAsked = (term: string): boolean => query.some((other) => match(new Set([term]), other) > 0)
  const asked = (termsOfWord: string[]): boolean => termsOfWord.some(isAsked)
  // "Apa syarat KIP Kuliah?": "… dihentikan apabila penerima tidak lagi memenuhi syarat" has the requirements in another sense (Cue.notWhile).
  const notWhile = cues.flatMap((cue) => cue.notWhile ?? [])
  const otherPurpose = ofAnotherPurpose(`${formal} ${subjectText}`)
  const otherCampus = ofAnotherCampus(withoutUnasked(formal, cues), cues.some((cue) => cue.destination === true))
  const requirementWords = notWhile.length === 0 ? [] : fixedTerms(REQUIREMENT_WORDS, mode).filter((term) => own.includes(term))
  // "Apa syarat ikut UKM?": what the requirements are asked of (requirement-object.ts).
  const ofWhat = input.previousQuestion === undefined ? requirementObject(formal, mode) : []
  const headingTerms = headingReader(cues, { question: formal, earlier: subjectText }, gives, mode)
  for (const candidate of candidates) {
    if (requirementWords.length > 0 && notWhile.some((pattern) => pattern.test(candidate.text))) for (const term of requirementWords) candidate.terms.delete(term)
    for (const taken of actions) if (candidate.terms.has(taken.stem) && !takesAction(candidate.text, taken, asked, mode)) candidate.terms.delete(taken.stem)
    // "Apakah semua mahasiswa bisa ikut UKM?": for whom it is open says who may join it (open-to.ts).
    for (const taken of actions) if (!candidate.terms.has(taken.stem) && joinsAsked(candidate.text, taken, shortNames(candidate, match), mode)) candidate.terms.add(taken.stem)
    if (procedure !== undefined && candidate.terms.has(procedure.stem) && !takesAction(candidate.text, procedure, askedOrSaid, mode)) candidate.terms.delete(procedure.stem)
    for (const word of derived) if (candidate.terms.has(word.stem) && !hasDerived(candidate.text, word, mode)) candidate.terms.delete(word.stem)
    // "Siapa rektor pertama ITB?": "… perempuan pertama yang menjadi Rektor ITB" has another first (ordinal.ts).
    if (ordinal !== undefined && candidate.terms.has(ordinal.stem) && !hasOrdinalOf(candidate.text, ordinal, ofKind, mode)) candidate.terms.delete(ordinal.stem)
    // "Can I join more than one himpunan?": "… lebih dari satu unit" counts another kind (quantity.ts).
    if (quantity !== undefined) for (const term of quantityOfAnother(candidate.text, (termsOfWord) => counted(termsOfWord, shortNames(candidate, match)), mode)) candidate.terms.delete(term)
    // The way to a campus may name it only in its document's title (Cue.ofTitle); who may register or what it requires, in its heading's (headings.ts).
    if (cues.some((cue) => cue.ofTitle === true && gives(cue, candidate.text))) for (const term of candidate.info.label) candidate.terms.add(term)
    // Or, saying for whom what the requirements are asked of is open, the requirement words (open-to.ts).
    const borrowed = [...headingTerms(candidate), ...openToWords(candidate.text, ofWhat, match, mode)].filter((term) => !candidate.terms.has(term))
    for (const term of borrowed) candidate.terms.add(term)
    // Only sentences with a topical term qualify; "ITB" alone or a light verb is not enough; nor the requirements of another purpose ("… 144 SKS untuk lulus" for "Apa syarat daftar S1?",
    // requirement-purpose.ts), nor the way to another campus than the one asked ("Cara ke kampus ITB naik apa?": not Cirebon's, campuses.ts).
    if (!query.some((term) => isTopical(term) && match(candidate.terms, term) > 0) || pointsElsewhere(candidate.text) || otherPurpose(`${candidate.passage.section ?? ''}. ${candidate.text}`) ||
      otherCampus(candidate.text, candidate.passage.title)) continue
    candidate.relevance = share(candidate.terms)
    // What the question asks for, about the question's subject (subject.ts).
    const cueTextOf = cueText(candidate)
    // A date or a place of another head than the question's is not the one asked for (subject.ts).
    const headed = decisive.length > 0 && anotherHead(candidate.text)
    const given = cues.filter((cue) => gives(cue, cueTextOf, candidate.text) && (cue.doer !== true || namesDoer(candidate)) && !(headed && cue.decisive === true)) // each cue checked once per sentence
    const byTitle = cues.filter((cue) => !given.includes(cue) && givenByTitle(cue, candidate))
    if (byTitle.length > 0) titled.set(candidate, byTitle)
    given.push(...byTitle)
    // Or by the sentence after it, saying where what this one says changes is published (continuation.ts).
    given.push(...publishedAfter(candidates, candidate, cues.filter((cue) => !given.includes(cue)))?.cues ?? [])
    candidate.cue = given.some((cue) => cue.leadOnly !== true)
    if (decisive.length > 0 && decisive.every((cue) => given.includes(cue))) answersDecisively.add(candidate)
    if (given.some((cue) => cue.decisive !== true && cue.stated?.test(candidate.text) === true)) stating.add(candidate)
    const missedCue = strongCue ? cues.find((cue) => cue.strong === true && !given.includes(cue)) : undefined
    // A list whose items name the question's subject lists it among its peers, not what is asked of it (lists.ts).
    const listed = list ? enumerated(candidate.text) : undefined
    const items = listed !== undefined && listed.strength > 0 && !terms(listed.items, mode).some((term) => names.has(term)) ? listed.strength : 0
    // What the documents give sentence by sentence ("Apa saja syarat lulus …?") is listed by the sentences giving it, not by another list ("… terdiri atas Memuaskan, …").
    const listFit: ListFit | undefined = !list ? undefined : { inTurn: inTurn.length > 0 ? inTurn.some((cue) => given.includes(cue)) : undefined, items, aboutList: () => aboutListOf(candidate.text, query, match, mode) }
    const reading = {
      missedCue, list: listFit, enumerating: listed !== undefined && listed.strength > 0, breaksCompound: breaksCompound(candidate), subjectShare: share(candidate.lead), negatesToo: negatesToo(candidate.text, negated, mode), language, averageLength
    }
    candidate.score = sentenceScore(candidate, reading)
    // What its heading's words add does not raise the bar for the sentences following it (selection.ts).
    if (borrowed.length > 0) candidate.ownShare = sentenceScore({ ...candidate, relevance: share(new Set([...candidate.terms].filter((term) => !borrowed.includes(term)))) }, reading) / candidate.score
    ranked.push(candidate)
  }
  // A question whose names the passages mostly do not mention ("… of Tokyo", "… di Universitas Gadjah
  // Mada") is about something else, however well its other words match.
  const namesFound = [...names].filter((term) => candidates.some((candidate) => match(candidate.terms, term) > 0))
  if (names.size > 0 && namesFound.length * 2 <= names.size) return undefined
  const topical = own.filter(isTopical)
  const kindTerms = new Set(fixedTerms(cues.flatMap((cue) => cue.kindWords ?? []).join(' '), mode))
  const provided = new Set<Candidate>()
  const otherGroup = weighAgainstEachOther(ranked, {
    candidates, mode, formal, formWords, cues, query, subject, topical, isTopical, names, namesFound, negated, askedWords, tableAliases, alternatives, forStudents, match, decisive, answersDecisively, stating, provided
  })
  ranked.sort((a, b) => b.score - a.score || a.rank - b.rank || a.position - b.position)
  // A follow-up naming only a unit or a degree level is answered of it alone; a question naming a level, by sentences of it (follow-up-scope.ts).
  const followed = input.previousQuestion === undefined ? undefined : subjectText
  const givesOfLevel = (cue: Cue, text: string): boolean => gives(cue, text) && (cue.countable !== true || counts(text) || countsList(text))
  const scoped = withinFollowUpScope(ranked, {
    unit, subjectText: followed, formal, subjectTopical: subject.filter(isTopical), candidates, passages: input.passages, givesOfLevel, match, mode, language
  })
  if (scoped === undefined) return undefined
  ranked.splice(0, ranked.length, ...scoped)
  // "Apa syarat ikut UKM?": not the graduation's requirements; what they are asked of is had by the sentence, its heading or its title (requirement-object.ts).
  if (ofWhat.length > 0) ranked.splice(0, ranked.length, ...ranked.filter((candidate) => ofWhat.every((term) => match(new Set([...candidate.terms, ...candidate.info.label]), term) > 0)))
  // "Kapan"/"di mana"/"kampus mana": the sentence giving what is asked about the question's subject opens the answer; what it cannot do without ("Apa syarat lulus S1?": a requirement), the most relevant one giving it (decisive.ts).
  openDecisively(ranked, { decisive: cues.filter((cue) => cue.decisive === true || cue.required === true), answersDecisively, gives, otherGroup, namesFound, match, minRelevance })
  // "Berapa lama maksimal kuliah S1?": a sentence giving the measure with the bound asked opens the answer (bounds.ts).
  const bounded = boundedMeasure(ranked, bound, (candidate) => cues.some((cue) => cue.measured === true && gives(cue, candidate.text)), Math.max(minRelevance, DECISIVE_RELEVANCE * (ranked[0]?.relevance ?? 0)))
  if (bounded > 0) ranked.unshift(...ranked.splice(bounded, 1))
  // "Arsitektur di fakultas apa?": the sentence in which a faculty has the programme asked opens the answer (housing.ts).
  if (kindTerms.size > 0 && !list) ranked.splice(0, ranked.length, ...notEveryFaculty(ranked))
  const houser = kindTerms.size === 0 ? undefined : (housingSentence(ranked, own.filter((term) => isTopical(term) && !kindTerms.has(term)), mode, match) ?? facultiesOfCampus(ranked, formal))
  // It names the faculty asked for, so a sentence following it must too ("Fakultas apa yang ada di Jatinangor?": not the campus's dormitory).
  if (houser !== undefined) ranked.unshift(...ranked.splice(ranked.indexOf(houser), 1).map((sentence) => Object.assign(sentence, { cue: true })))
  // "Bagaimana cara cuti akademik?" answered under "Prosedur Pengajuan": its steps from the first (continuation.ts).
  const steps = openWithFirstStep(ranked, (candidate) => titled.get(candidate)?.some((cue) => cue.section !== undefined) === true, minRelevance)
  const best = ranked[0]
  // "Ada klinik ga di kampus Jatinangor?" is not answered with what the campus has, no clinic among it, nor "Ada beasiswa
  // untuk mahasiswa internasional?" by "… lembaga internasional lainnya" (existence.ts).
  const thing = existingAsked(formal, mode)
  if (best !== undefined && thing.length > 0 && !thing.some((term) => match(best.terms, term) > 0)) return undefined
  const forWhom = best === undefined ? undefined : groupAskedFor(formal, candidates.filter((candidate) => candidate.language === best.language).map((candidate) => candidate.text), mode)
  if (forWhom !== undefined && !candidates.some((candidate) => candidate.passage === best.passage && forWhom.some((wording) => candidate.text.toLowerCase().includes(wording)))) return undefined
  // An English action is looked for in the sentences of the best one's language: in English ones when one
  // answers; in Indonesian ones, which say it in other words, through the alias table's phrase for it
  // ("join" → "bergabung", matching.ts). With none ("Can I extend my study period?"), it is declined as
  // "Apakah bisa memperpanjang masa studi?" is.
  const checked = (candidate: Candidate): boolean => mode === 'id' || candidate.language === best.language
  // "Bisa kuliah sambil kerja?": both actions in one sentence, each as its own word (action.ts); "Gimana caranya pindah prodi?": one moving to what is asked.
  if (best !== undefined && actions.length > 0 && !ranked.some((candidate) => checked(candidate) && actions.every((taken) => match(candidate.terms, taken.stem) > 0))) return undefined
  if (procedure !== undefined && procedure.object.length > 0 && !ranked.some((candidate) => match(candidate.terms, procedure.stem) > 0)) return undefined
  if (best === undefined) return undefined
  // A follow-up's subject may carry the evidence its own words lack ("Syaratnya apa?" after "Apa itu KIP Kuliah?").
  // The kind asked ("PWK di fakultas apa?") is named by the answer, no topic it must have ("SAPPK ITB memiliki … Perencanaan Wilayah dan Kota.").
  const evidence = { best, cues, gives, titled, topical: topical.filter((term) => !kindTerms.has(term)), query, weights, candidates, infos, match, formal, datedEvents, mode, minRelevance }
  if (!enoughEvidence(evidence) && !(subject.length > 0 && enoughEvidence({ ...evidence, topical: [...topical, ...subject.filter(isTopical)] }))) return undefined

  // Where no sentence lists what is asked, the one about its list (lists.ts) is the answer: it leads, what its passage says before it follows.
  const pointsToList = list && !enumerates(best.text) && aboutListOf(best.text, query, match, mode)
  // With what is asked only through its title ("Pendidikan teknik sipil adalah bidang tertua …"), it
  // follows the sentence of its passage naming it ("Fakultas Teknik Sipil dan Lingkungan, …").
  const byTitle = titled.get(best)
  // Speaking of each of what its document is about ("… persyaratan setiap jalur …"), after the sentence listing them (each-of-title.ts).
  const namer = byTitle === undefined
    ? (headingTerms(best).length > 0 ? listOfEach(best, candidates, mode) : undefined)
    : candidates.find((other) => other.passage === best.passage && other.position < best.position && byTitle.some((cue) => cue.sentence.test(other.text)))
  // "Can I visit the Bosscha Observatory?": the sentence taking the action is the answer, before its passage's others (polusi cahaya …).
  const takesIt = action !== undefined && match(best.terms, action.stem) > 0
  // "Berapa jumlah program studi di FTI?" given by a list, not a number: its items counted are said too (compose.ts).
  const counting = (unit === undefined ? cues : [...cues, ...cuesOf(subjectText)]).filter((cue) => cue.countable === true)
  const count = counting.length > 0 && !counting.some((cue) => cue.sentence.test(best.text)) ? listedCount(best.text)?.count : undefined
  return { count, language, mode, candidates, ranked, best, query, topical, names, askedWords, formal, subjectText, list, match, otherGroup, decisive: answersDecisively.has(best) || decisive.some((cue) => cue.leadOnly !== true) || pointsToList || takesIt || provided.has(best), namer, steps, pointer: publishedAfter(candidates, best, cues)?.next }
}
