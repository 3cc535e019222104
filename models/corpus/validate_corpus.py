#!/usr/bin/env python3
"""Validate every corpus file (round 1 and round 2) and the benchmark posts: schema, labels, categories per file,
and the benchmark posts. Same rules as validate_corpus.py: JSON/schema, label and category per file, unique ids,
exact and near duplicates across every file (3-word shingles, Jaccard >= 0.5), crypto addresses only from the
allowed test vectors. Round-2 files must be English only. Exit code 1 on any error. Stdlib only.
validate_corpus.py is left as it was; it checks only the round-1 files."""
import json, re, collections, itertools, unicodedata, os
HERE = os.path.dirname(os.path.abspath(__file__))
R1_HN = {'news','research','counter_speech','religious_life','charity','crypto_donation','nft_art','everyday','quoting'}
R2_HN = {'news','research','counter_speech','history','politics','religious_life','fiction','everyday'}
# file -> (label, allowed categories or None, english only)
FILES = {'extremist_propaganda.jsonl':   ('extremist_propaganda', None, False),
         'terrorist_financing.jsonl':    ('terrorist_financing', None, False),
         'hard_negatives.jsonl':         ('benign', R1_HN, False),
         'extremist_propaganda_2.jsonl': ('extremist_propaganda', {'jihadist_propaganda','far_right_propaganda'}, True),
         'hard_negatives_2.jsonl':       ('benign', R2_HN, True),
         'extremist_propaganda_3.jsonl': ('extremist_propaganda', {'jihadist_propaganda','far_right_propaganda'}, True),
         'hard_negatives_3.jsonl':       ('benign', R1_HN | R2_HN, True),
         # Arabic rounds (written for the Arabic model): rows carry a 'pair' id linking opposite purposes on one topic.
         'arabic_propaganda.jsonl':      ('extremist_propaganda', {'jihadist_propaganda'}, False),
         'arabic_financing.jsonl':       ('terrorist_financing', {'jihadist_financing'}, False),
         'arabic_hard_negatives.jsonl':  ('benign', R1_HN | R2_HN, False)}
BENCH = os.path.join(HERE, '..', '..', 'benchmarks', 'corpus', 'posts.jsonl')
ALLOWED_ADDR = {
 '888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H',
 '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A',
 '48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD',
 '44MnN1f3Eto8DZYUWuE5XZNUtE3vcRzt2j6PzqWpPau34e6Cf4fAxt6X2MBmrm6F9YMEiMNjN6W4Shn4pLcfNAja621jwyg',
 '4BxSHvcgTwu25WooY4BVmgdcKwZu5EksVZSZkDd6ooxSVVqQ4ubxXkhLF6hEqtw96i9cf3cVfLw8UWe95bdDKfRQeYtPwLm1Jiw7AKt2LY',
 '1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H', 'bc1qjkq3tpy2gutsfdlcvys8slkempywk230u8rc8u'}
ADDR_RE = re.compile(r'\b(?:[48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[0-9a-z]{20,80})\b')
def norm(t): return re.sub(r'\s+', ' ', unicodedata.normalize('NFKC', t).lower()).strip()
def shingles(t, n=3):
    w = re.findall(r'\w+', norm(t)); return {tuple(w[i:i+n]) for i in range(max(1, len(w)-n+1))}
errors = []; alltexts = []; ids = set()
for name, (label, cats, en_only) in FILES.items():
    rows = []
    for ln, line in enumerate(open(os.path.join(HERE, name), encoding='utf-8'), 1):
        try: o = json.loads(line)
        except Exception as e: errors.append(f'{name}:{ln} parse {e}'); continue
        if set(o) - {'pair'} != {'id','text','label','source','lang','category'}: errors.append(f'{name}:{ln} fields {set(o)}'); continue
        if o['label'] != label or o['source'] != 'project-synthetic' or o['lang'] not in ('en','ar'): errors.append(f'{name}:{ln} meta')
        if cats is not None and o['category'] not in cats: errors.append(f'{name}:{ln} category {o["category"]}')
        if en_only and (o['lang'] != 'en' or re.search(r'[\u0600-\u06FF]', o['text'])): errors.append(f'{name}:{ln} not English')
        if not o['text'].strip(): errors.append(f'{name}:{ln} empty text')
        if o['id'] in ids: errors.append(f'dup id {o["id"]}')
        ids.add(o['id']); rows.append(o); alltexts.append((name, o['id'], o['text']))
    c = collections.Counter((r['category'], r['lang']) for r in rows)
    print(f'\n{name}: {len(rows)} rows  lang={dict(collections.Counter(r["lang"] for r in rows))}')
    for cat in sorted({k[0] for k in c}):
        print(f'   {cat:28s} en={c[(cat,"en")]:4d} ar={c[(cat,"ar")]:3d} total={c[(cat,"en")]+c[(cat,"ar")]}')
for ln, line in enumerate(open(BENCH, encoding='utf-8'), 1):
    o = json.loads(line); alltexts.append(('posts.jsonl', o['id'], o['text']))
seen = {}
for f, i, t in alltexts:
    k = norm(t)
    if k in seen: errors.append(f'exact dup {seen[k]} vs {f}:{i}')
    seen[k] = f'{f}:{i}'
    for a in ADDR_RE.findall(t):
        if a not in ALLOWED_ADDR: errors.append(f'non-allowed address {a} in {f}:{i}')
sh = [(f, i, shingles(t)) for f, i, t in alltexts if len(t) < 3000]
near = []; top = []
for (f1,i1,s1),(f2,i2,s2) in itertools.combinations(sh, 2):
    if not (s1 and s2) or not any(r in f for f in (f1, f2) for r in ('_2.jsonl', '_3.jsonl', 'arabic_')): continue   # round-1 pairs: validate_corpus.py
    j = len(s1 & s2) / len(s1 | s2)
    if j >= 0.3: top.append((round(j,2), f'{f1}:{i1}', f'{f2}:{i2}'))
    if j >= 0.5: near.append((round(j,2), f'{f1}:{i1}', f'{f2}:{i2}'))
print(f'\npairs involving round-2 rows with jaccard>=0.3: {len(top)}'); [print('  ', n) for n in sorted(top, reverse=True)[:10]]
print(f'near-duplicate pairs (jaccard>=0.5): {len(near)}')
print('\nERRORS:', len(errors)); [print('  ', e) for e in errors[:30]]
raise SystemExit(1 if (errors or near) else 0)
