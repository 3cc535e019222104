#!/usr/bin/env python3
"""Validate the round-4 stance files (stance_*.jsonl) and the Stormfront relabel (stormfront_relabel.tsv).

Checks: JSON and schema (id, text, label, source, lang, category, ideology, pair, author), label and ideology values,
unique ids across every corpus file, pairs that join rows of opposite label, crypto addresses only from the allowed test
vectors, exact and near duplicates (3-word shingles, Jaccard >= 0.5) against every corpus file and the benchmark posts,
and, when a data folder is given, no row within Jaccard 0.3 of any row of its eval/ files (the check reads eval
automatically; nobody reads it by eye) and no relabel id that is not a train far_right_hate row.

    python3 models/corpus/validate_stance.py [--data ../shared/data]

Exit code 1 on any error. Stdlib only."""
import collections, glob, json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = {'id', 'text', 'label', 'source', 'lang', 'category', 'ideology', 'pair', 'author'}
LABELS = {'extremist_propaganda', 'terrorist_financing', 'benign'}
IDEOLOGIES = {'jihadist', 'white_supremacist', 'accelerationist', 'none'}
sys.path.insert(0, HERE)
ADDR_RE = re.compile(r'\b(?:[48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[0-9a-z]{20,80}|0x[0-9a-fA-F]{40}|L[1-9A-HJ-NP-Za-km-z]{33})\b')
ALLOWED_ADDR = {
    '888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H',
    '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A',
    '48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD',
    '44MnN1f3Eto8DZYUWuE5XZNUtE3vcRzt2j6PzqWpPau34e6Cf4fAxt6X2MBmrm6F9YMEiMNjN6W4Shn4pLcfNAja621jwyg',
    '4BxSHvcgTwu25WooY4BVmgdcKwZu5EksVZSZkDd6ooxSVVqQ4ubxXkhLF6hEqtw96i9cf3cVfLw8UWe95bdDKfRQeYtPwLm1Jiw7AKt2LY',
    '1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H', 'bc1qjkq3tpy2gutsfdlcvys8slkempywk230u8rc8u',
    '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWD9',
    '0x1D59bBe5d4332e34116DccDE5c1a8c736E1C2810', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    'LfmSZ5yKBf17WwahZK9NEq5w2FLVap4Ctw', 'TNQGZwAUCpwy1cuVSyu1vc6AT19nsmWqRF',
}


def norm(t):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFKC', t).lower()).strip()


def shingles(t, n=3):
    w = re.findall(r'\w+', norm(t))
    return {tuple(w[i:i + n]) for i in range(max(1, len(w) - n + 1))}


class ShingleIndex:
    """Inverted index over 3-word shingles: candidate pairs share a shingle, so no all-pairs scan is needed."""

    def __init__(self):
        self.rows, self.by_shingle = [], collections.defaultdict(list)

    def add(self, where, text):
        s = shingles(text)
        for sh in s:
            self.by_shingle[sh].append(len(self.rows))
        self.rows.append((where, s))

    def best(self, text, skip=None):
        s = shingles(text)
        shared = collections.Counter(i for sh in s for i in self.by_shingle.get(sh, ()))
        best = (0.0, None)
        for i, n in shared.items():
            where, other = self.rows[i]
            if where == skip:
                continue
            j = n / len(s | other)
            if j > best[0]:
                best = (j, where)
        return best


def main():
    data = sys.argv[sys.argv.index('--data') + 1] if '--data' in sys.argv else None
    errors = []
    stance = sorted(glob.glob(os.path.join(HERE, 'stance_*.jsonl')) + glob.glob(os.path.join(HERE, 'next', 'stance_*.jsonl')))
    index, ids, rows = ShingleIndex(), set(), []
    for path in sorted(glob.glob(os.path.join(HERE, '*.jsonl')) + glob.glob(os.path.join(HERE, 'next', '*.jsonl'))):
        for ln, line in enumerate(open(path, encoding='utf-8'), 1):
            o = json.loads(line)
            where = f'{os.path.basename(path)}:{ln}'
            if o['id'] in ids:
                errors.append(f'{where} duplicate id {o["id"]}')
            ids.add(o['id'])
            index.add(where, o['text'])
            if path in stance:
                rows.append((where, o))
    bench = os.path.join(HERE, '..', '..', 'benchmarks', 'corpus', 'posts.jsonl')
    for ln, line in enumerate(open(bench, encoding='utf-8'), 1):
        index.add(f'posts.jsonl:{ln}', json.loads(line)['text'])

    pairs = collections.defaultdict(set)
    by_where = dict(rows)
    for where, o in rows:
        if set(o) != FIELDS:
            errors.append(f'{where} fields {sorted(set(o) ^ FIELDS)}')
            continue
        if o['label'] not in LABELS or o['ideology'] not in IDEOLOGIES or o['source'] != 'project-synthetic' or o['lang'] != 'en':
            errors.append(f'{where} label/ideology/source/lang')
        if (o['label'] == 'benign') != (o['ideology'] == 'none'):
            errors.append(f'{where} benign rows have ideology none, others an ideology')
        if not o['text'].strip():
            errors.append(f'{where} empty text')
        for a in ADDR_RE.findall(o['text']):
            if a not in ALLOWED_ADDR:
                errors.append(f'{where} address not among the test vectors: {a[:12]}…')
        if o['pair']:
            pairs[o['pair']].add(o['label'] == 'benign')
        j, other = index.best(o['text'], skip=where)
        partner = by_where.get(other)
        # A pair's two sides are meant to share their words: only the purpose differs.
        if j >= 0.5 and not (partner and o['pair'] and partner['pair'] == o['pair'] and partner['label'] != o['label']):
            errors.append(f'{where} near duplicate of {other} (Jaccard {j:.2f})')
    one_sided = [p for p, sides in pairs.items() if len(sides) < 2]
    if one_sided:
        errors.append(f'{len(one_sided)} pair ids without both a positive and a benign row, e.g. {one_sided[:3]}')

    counts = collections.Counter((os.path.basename(w.split(':')[0]), o['label'], o['ideology']) for w, o in rows)
    for (f, label, ideology), n in sorted(counts.items()):
        print(f'{f:34s} {label:22s} {ideology:18s} {n:5d}')
    print(f'pairs: {len(pairs)}')

    relabel = os.path.join(HERE, 'stormfront_relabel.tsv')
    lines = open(relabel, encoding='utf-8').read().splitlines()
    rel = dict(line.split('\t')[:2] for line in lines[1:])
    if lines[0] != 'id\tlabel\treason' or set(rel.values()) - {'propaganda', 'hate', 'unclear'}:
        errors.append('stormfront_relabel.tsv: header or label values')
    print('stormfront relabel:', dict(collections.Counter(rel.values())))

    lines = open(os.path.join(HERE, 'pro_isis_relabel.tsv'), encoding='utf-8').read().splitlines()
    tweets = dict(line.split('\t')[:2] for line in lines[1:])
    if lines[0] != 'id\tlabel\treason' or set(tweets.values()) - {'propaganda', 'not', 'unclear'} or len(tweets) != len(lines) - 1:
        errors.append('pro_isis_relabel.tsv: header, label values or repeated ids')
    print('pro-ISIS relabel:', dict(collections.Counter(tweets.values())))

    if data:
        evaluation = ShingleIndex()
        for path in glob.glob(os.path.join(data, 'eval', '*.jsonl')):
            for ln, line in enumerate(open(path, encoding='utf-8'), 1):
                evaluation.add(f'eval/{os.path.basename(path)}:{ln}', json.loads(line)['text'])
        worst = 0.0
        for where, o in rows:
            j, other = evaluation.best(o['text'])
            worst = max(worst, j)
            if j >= 0.3:
                errors.append(f'{where} too close to {other} (Jaccard {j:.2f})')
        print(f'highest Jaccard against eval: {worst:.2f}')
        hate = {str(json.loads(line)['id']) for line in open(os.path.join(data, 'train', 'stormfront_sentences.jsonl'), encoding='utf-8')
                if json.loads(line)['label'] == 'far_right_hate'}
        if set(rel) - hate:
            errors.append(f'{len(set(rel) - hate)} relabel ids are not train far_right_hate rows')
        accounts = {str(json.loads(line)['id']) for line in open(os.path.join(data, 'train', 'pro_isis_accounts.jsonl'), encoding='utf-8')}
        if set(tweets) - accounts:
            errors.append(f'{len(set(tweets) - accounts)} pro-ISIS relabel ids are not train pro_isis_accounts rows')

    print('ERRORS:', len(errors))
    for e in errors[:40]:
        print('  ', e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
