/** Words too common to say anything about a product (English and German, the demo's locales). */
const STOPWORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out has him his how its may new now see two way who did get ' +
    'let say she too use that with have this will your from they know want been good much some time very when come here just ' +
    'like long make many more only over such take than them well were what into also back after could would should there their ' +
    'about which these those then thing things really still even because being does doing done dont don’t cant can’t isnt it’s its ' +
    'im i’m ive please thanks thank just yes yeah okay other every where while why able each most need needs lot lots ' +
    'der die das und ist nicht ein eine einen einem einer ich sie wir ihr mit auf für von den dem des sich auch noch nur ' +
    'aber wie was wenn oder als bei mir mich mein meine sehr schon hat habe haben sind war wird werden kann können zum zur ' +
    'man nach dass mehr gut gibt immer bitte danke'
  ).split(/\s+/),
);

/**
 * Most-mentioned terms: each counted once per comment it appears in, so one long rant does not
 * dominate. Words of 3+ letters (any script), lower-cased, without stop words.
 */
export function topTerms(comments: Iterable<string>, limit: number): { term: string; comments: number }[] {
  const counts = new Map<string, number>();
  for (const comment of comments) {
    const words = comment.toLowerCase().match(/\p{L}[\p{L}\p{N}'’-]*\p{L}/gu) ?? [];
    for (const word of new Set(words)) {
      if ([...word].length < 3 || STOPWORDS.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, n]) => ({ term, comments: n }));
}
