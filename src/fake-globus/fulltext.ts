import type { EndpointDocument } from './endpoint-document.js';

const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'with']);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== '');
}

/** Crude English stemming: enough that "shares" finds "share" (terms then prefix-match words). */
function stem(term: string): string {
  if (term.length > 4 && term.endsWith('ies')) return term.slice(0, -3);
  if (term.length > 3 && term.endsWith('s') && !term.endsWith('ss')) return term.slice(0, -1);
  return term;
}

/** Search terms as Transfer derives them: punctuation removed, split on spaces, stop words dropped, stemmed. */
export function searchTerms(query: string): string[] {
  return words(query).filter((word) => !STOP_WORDS.has(word)).map(stem);
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** The fields fulltext looks at, title first (it weighs more in the rank). */
function searchableFields(doc: EndpointDocument): string[] {
  const fields = [doc.display_name, doc.canonical_name, doc.description, doc.organization, doc.department, doc.keywords, doc.owner_string];
  if (doc.entity_type.startsWith('GCSv5_')) fields.push(hostOf(doc.tlsftp_server), hostOf(doc.gcs_manager_url));
  return fields.filter((field): field is string => field !== null);
}

/** Rank > 0 when every term prefix-matches some word (terms ANDed); null when it does not match. */
export function fulltextRank(doc: EndpointDocument, terms: readonly string[]): number | null {
  if (terms.length === 0) return null;
  const fieldWords = searchableFields(doc).map(words);
  const titleWords = fieldWords[0] ?? [];
  let rank = 0;
  for (const term of terms) {
    if (!fieldWords.some((list) => list.some((word) => word.startsWith(term)))) return null;
    rank += titleWords.some((word) => word.startsWith(term)) ? 2 : 1;
  }
  return rank;
}
