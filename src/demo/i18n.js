// The UI's words in Indonesian (the default, like the answers) and English. Elements carry
// data-i18n (text) or data-i18n-placeholder; messages built in code go through t().
const STRINGS = {
  id: {
    skip: 'Langsung ke pertanyaan',
    title: 'ITB Chatbot — demo',
    languageHint: 'Ganti bahasa tampilan',
    languageToggle: 'English',
    keyHeading: 'Kunci API',
    keyLabel: 'Kunci API (X-API-Key)',
    keySave: 'Simpan',
    keyForget: 'Lupakan',
    keyHint: 'Kunci hanya disimpan di tab ini (sessionStorage), tidak pernah di URL.',
    keySaved: 'Kunci tersimpan untuk tab ini.',
    keyMissing: 'Masukkan kunci API terlebih dahulu.',
    conversationHeading: 'Percakapan',
    conversationLabel: 'Lanjutkan percakapan',
    conversationNew: 'Baru',
    conversationDelete: 'Hapus',
    conversationDeleted: 'Percakapan dihapus.',
    conversationEmpty: 'Belum ada pesan dalam percakapan ini.',
    logHeading: 'Tanya jawab',
    askHeading: 'Bertanya',
    questionLabel: 'Pertanyaan tentang ITB',
    questionPlaceholder: 'Contoh: Kapan ITB didirikan?',
    ask: 'Kirim',
    record: 'Tanya dengan suara',
    stop: 'Berhenti dan kirim',
    recording: 'Merekam… {seconds} s',
    voiceHeading: 'Pertanyaan suara',
    transcript: 'Transkrip',
    emotion: 'Emosi',
    played: 'Audio diputar',
    timingCaption: 'Waktu per tahap (detik)',
    footer: 'Klien contoh untuk API itb-chatbot: hanya memakai API publik.',
    docsLink: 'Dokumentasi API',
    you: 'Anda',
    assistant: 'ITB Chatbot',
    sources: 'Sumber',
    thinking: 'Sedang menjawab…',
    stageDecode: 'Dekode',
    stageStt: 'STT',
    stageEmotion: 'Emosi',
    stageRag: 'RAG',
    stageTts: 'TTS',
    error400: 'Permintaan tidak valid: {message}',
    error401: 'Kunci API salah. Periksa kunci Anda lalu simpan lagi.',
    error403: 'Akses ditolak untuk kunci API ini.',
    error404: 'Percakapan tidak ditemukan untuk kunci API ini (mungkin sudah kedaluwarsa). Mulai percakapan baru.',
    error409: 'Percakapan ini sedang menjawab pertanyaan lain. Tunggu sebentar lalu coba lagi.',
    error413: 'Rekaman terlalu besar.',
    error429: 'Batas permintaan tercapai. Coba lagi dalam {seconds} detik.',
    error503: 'Layanan sedang tidak tersedia. Coba lagi nanti.',
    errorVoiceStt: 'Suara tidak tersedia: speech-to-text belum dikonfigurasi di server.',
    errorVoice: 'Suara tidak tersedia: {message}',
    errorOther: 'Terjadi kesalahan ({status}): {message}',
    errorNetwork: 'Tidak dapat menghubungi server.',
    errorMicrophone: 'Mikrofon tidak dapat dipakai: {message}',
    errorNoRecorder: 'Peramban ini tidak dapat merekam suara (MediaRecorder).'
  },
  en: {
    skip: 'Skip to the question',
    title: 'ITB Chatbot — demo',
    languageHint: 'Change the display language',
    languageToggle: 'Bahasa Indonesia',
    keyHeading: 'API key',
    keyLabel: 'API key (X-API-Key)',
    keySave: 'Save',
    keyForget: 'Forget',
    keyHint: 'The key is kept in this tab only (sessionStorage), never in the URL.',
    keySaved: 'Key saved for this tab.',
    keyMissing: 'Enter an API key first.',
    conversationHeading: 'Conversation',
    conversationLabel: 'Continue conversation',
    conversationNew: 'New',
    conversationDelete: 'Delete',
    conversationDeleted: 'Conversation deleted.',
    conversationEmpty: 'No messages in this conversation yet.',
    logHeading: 'Questions and answers',
    askHeading: 'Ask',
    questionLabel: 'Question about ITB',
    questionPlaceholder: 'For example: When was ITB founded?',
    ask: 'Send',
    record: 'Ask by voice',
    stop: 'Stop and send',
    recording: 'Recording… {seconds} s',
    voiceHeading: 'Voice question',
    transcript: 'Transcript',
    emotion: 'Emotion',
    played: 'Audio played',
    timingCaption: 'Time per stage (seconds)',
    footer: 'Reference client for the itb-chatbot API: uses the public API only.',
    docsLink: 'API documentation',
    you: 'You',
    assistant: 'ITB Chatbot',
    sources: 'Sources',
    thinking: 'Answering…',
    stageDecode: 'Decode',
    stageStt: 'STT',
    stageEmotion: 'Emotion',
    stageRag: 'RAG',
    stageTts: 'TTS',
    error400: 'Invalid request: {message}',
    error401: 'Wrong API key. Check your key and save it again.',
    error403: 'Access denied for this API key.',
    error404: 'Conversation not found for this API key (it may have expired). Start a new conversation.',
    error409: 'This conversation is busy answering another question. Wait a moment and try again.',
    error413: 'The recording is too large.',
    error429: 'Rate limit reached. Try again in {seconds} seconds.',
    error503: 'The service is unavailable right now. Try again later.',
    errorVoiceStt: 'Voice unavailable: no speech-to-text configured on the server.',
    errorVoice: 'Voice unavailable: {message}',
    errorOther: 'Something went wrong ({status}): {message}',
    errorNetwork: 'Cannot reach the server.',
    errorMicrophone: 'The microphone cannot be used: {message}',
    errorNoRecorder: 'This browser cannot record audio (MediaRecorder).'
  }
}

let language = 'id'

export function currentLanguage () {
  return language
}

/** The string `key` in the current language, with {placeholders} filled from `values`. */
export function t (key, values = {}) {
  const template = STRINGS[language][key] ?? STRINGS.id[key] ?? key
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''))
}

/** Switches the language and rewrites every marked element of `root`. */
export function setLanguage (next, root = document) {
  language = next in STRINGS ? next : 'id'
  document.documentElement.lang = language
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n)
  for (const element of root.querySelectorAll('[data-i18n-placeholder]')) element.placeholder = t(element.dataset.i18nPlaceholder)
}

export function formatSeconds (seconds) {
  return new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(seconds)
}
