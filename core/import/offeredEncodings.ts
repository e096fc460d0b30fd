/**
 * Encodings offered for an override in the upload form and named in the CLIs'
 * help (the server accepts any name iconv-lite knows). These are the ones
 * scraped and exported texts come in: Unicode, the Chinese, Japanese and Korean
 * national encodings, and the Western, Central European and Cyrillic ones.
 * Spelled as the detector (chardet) and iconv-lite spell them.
 */
export const OFFERED_ENCODINGS = [
  'UTF-8', 'UTF-16LE', 'UTF-16BE', 'GB18030', 'GBK', 'Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR',
  'windows-1252', 'ISO-8859-1', 'ISO-8859-2', 'ISO-8859-15', 'windows-1250', 'windows-1251', 'KOI8-R',
] as const
