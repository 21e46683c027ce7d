/** The media types an import reads (DOCX: a Word document, read as the HTML mammoth makes of it). */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Media types whose text is read out of them (the result's `extracted` says so). */
export const EXTRACTED_MEDIA_TYPES = ['text/html', 'application/pdf', DOCX] as const;
export const DOCUMENT_MEDIA_TYPES = ['text/plain', ...EXTRACTED_MEDIA_TYPES] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** A document as sent: its bytes exactly, what they are, and the file's name when one was given. */
export interface SourceDocument {
  bytes: Uint8Array;
  mediaType: DocumentMediaType;
  fileName?: string | undefined;
  /** The charset the sender declared (Content-Type), kept with the document so it is read again the same way. */
  charset?: string | undefined;
}

/** What was read out of a document: the text the published-list parser reads, and where it came from. */
export interface Extracted {
  mediaType: DocumentMediaType;
  text: string;
  pages?: number;
  title?: string;
}
