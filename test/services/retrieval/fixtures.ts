// Builds test documents of every supported format in a temporary folder, from bytes written here
// (no binary fixtures in the repository): a minimal PDF with a correct xref table, and a DOCX zipped
// by a tiny "stored" (uncompressed) zip writer.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'

/** A one-page PDF whose text is drawn with the standard Helvetica font, one line per entry. */
export function minimalPdf (lines: string[], title?: string): Buffer {
  const escape = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`)
  const content = ['BT', '/F1 12 Tf', '14 TL', '72 720 Td', ...lines.map((line) => `(${escape(line)}) Tj T*`), 'ET'].join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ...(title !== undefined ? [`<< /Title (${escape(title)}) /Producer (itb-chatbot tests) >>`] : [])
  ]
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'))
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(pdf, 'latin1')
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${title !== undefined ? ` /Info ${objects.length} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(pdf, 'latin1')
}

/** A zip archive with every entry stored uncompressed (method 0), which every reader accepts. */
export function storedZip (entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(entries)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    const fileName = Buffer.from(name, 'utf8')
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(0, 8) // stored
    local.writeUInt32LE(0, 10) // time + date
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(fileName.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(0, 10)
    central.writeUInt32LE(0, 12)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(fileName.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, fileName, data)
    centrals.push(central, fileName)
    offset += local.length + fileName.length + data.length
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...centrals, end])
}

/** The three parts Word needs for a document with plain paragraphs. */
export function minimalDocx (paragraphs: string[]): Buffer {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return storedZip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escape(p)}</w:t></w:r></w:p>`).join('') +
      '</w:body></w:document>'
  })
}

export function markdownDocument (fields: { title: string, source?: string, language?: string }, body: string): string {
  const front = ['---', `title: ${fields.title}`]
  if (fields.source !== undefined) front.push(`source: ${fields.source}`)
  front.push(`language: ${fields.language ?? 'id'}`, 'updated: 2026-01-15', '---', '')
  return front.join('\n') + body
}

export interface Corpus {
  /** The temporary folder; `knowledge/` and `data/` live inside it. */
  root: string
  knowledgeDir: string
  dataDir: string
  write: (relativePath: string, content: string | Buffer) => Promise<string>
  remove: (relativePath: string) => Promise<void>
  cleanup: () => Promise<void>
}

export async function createCorpus (files: Record<string, string | Buffer> = {}): Promise<Corpus> {
  const root = await mkdtemp(join(tmpdir(), 'itb-retrieval-'))
  const knowledgeDir = join(root, 'knowledge')
  await mkdir(knowledgeDir, { recursive: true })
  const write = async (relativePath: string, content: string | Buffer): Promise<string> => {
    const file = join(root, relativePath)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, content)
    return file
  }
  for (const [path, content] of Object.entries(files)) await write(path, content)
  return {
    root,
    knowledgeDir,
    dataDir: join(root, 'data'),
    write,
    remove: async (relativePath) => { await rm(join(root, relativePath), { force: true }) },
    cleanup: async () => { await rm(root, { recursive: true, force: true }) }
  }
}

/** A small Indonesian corpus with distinct topics, used by several tests. */
export const SAMPLE_DOCUMENTS: Record<string, string> = {
  'knowledge/pendaftaran-mahasiswa.md': markdownDocument(
    { title: 'Cara Mendaftar ke ITB', source: 'https://admission.itb.ac.id/' },
    '# Cara Mendaftar ke ITB\n\n## Jalur Masuk\n\nCalon mahasiswa dapat mendaftar melalui seleksi nasional atau seleksi mandiri. ' +
    'Setiap calon mahasiswa mendaftar secara daring di laman resmi penerimaan.\n\n## Berkas\n\nBerkas yang diunggah meliputi rapor dan kartu identitas.\n'
  ),
  'knowledge/observatorium.md': markdownDocument(
    { title: 'Observatorium Bosscha', source: 'https://bosscha.itb.ac.id/' },
    '# Observatorium Bosscha\n\n## Lokasi\n\nObservatorium Bosscha terletak di Lembang, Kabupaten Bandung Barat, dan dipakai untuk penelitian astronomi.\n'
  ),
  'knowledge/perpustakaan.md': markdownDocument(
    { title: 'Perpustakaan Pusat ITB', source: 'https://lib.itb.ac.id/' },
    '# Perpustakaan Pusat ITB\n\n## Koleksi\n\nPerpustakaan menyimpan buku, jurnal, dan karya ilmiah mahasiswa dalam bentuk cetak maupun digital.\n'
  )
}
