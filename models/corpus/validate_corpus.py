#!/usr/bin/env python3
"""Validate the synthetic corpus: JSON/schema, counts per label/category/lang, exact and near duplicates
across all files (incl. the benchmark posts), and that every crypto address is a public test vector
from shared/docs/domain.md. Exit code 1 on any error. Stdlib only."""
import json, re, collections, itertools, unicodedata
import os
HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {os.path.join(HERE, 'extremist_propaganda.jsonl'): 'extremist_propaganda',
         os.path.join(HERE, 'terrorist_financing.jsonl'): 'terrorist_financing',
         os.path.join(HERE, 'hard_negatives.jsonl'): 'benign'}
BENCH = os.path.join(HERE, '..', '..', 'benchmarks', 'corpus', 'posts.jsonl')
HN_CATS = {'news','research','counter_speech','religious_life','charity','crypto_donation','nft_art','everyday','quoting'}
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
errors = []; alltexts = []; addr_hits = collections.Counter()
for path, label in FILES.items():
    ids = set(); rows = []
    for ln, line in enumerate(open(path, encoding='utf-8'), 1):
        try: o = json.loads(line)
        except Exception as e: errors.append(f'{path}:{ln} parse {e}'); continue
        if set(o) != {'id','text','label','source','lang','category'}: errors.append(f'{path}:{ln} fields {set(o)}')
        if o['label'] != label or o['source'] != 'project-synthetic' or o['lang'] not in ('en','ar'): errors.append(f'{path}:{ln} meta')
        if label == 'benign' and o['category'] not in HN_CATS: errors.append(f'{path}:{ln} cat')
        if o['id'] in ids: errors.append(f'dup id {o["id"]}')
        ids.add(o['id']); rows.append(o); alltexts.append((path.split('/')[-1], o['id'], o['text']))
    c = collections.Counter((r['category'], r['lang']) for r in rows)
    print(f'\n{path.split("/")[-1]}: {len(rows)} rows  lang={dict(collections.Counter(r["lang"] for r in rows))}')
    for cat in sorted({k[0] for k in c}):
        print(f'   {cat:28s} en={c[(cat,"en")]:4d} ar={c[(cat,"ar")]:3d} total={c[(cat,"en")]+c[(cat,"ar")]}')
brows = []
for ln, line in enumerate(open(BENCH, encoding='utf-8'), 1):
    o = json.loads(line)
    if set(o) != {'id','text'}: errors.append(f'bench:{ln} fields')
    brows.append(o); alltexts.append(('posts.jsonl', o['id'], o['text']))
wc = [len(o['text'].split()) for o in brows]
ar = sum(1 for o in brows if len(re.findall(r'[\u0600-\u06FF]', o['text'])) > len(o['text'])*0.3)
print(f'\nposts.jsonl: {len(brows)} rows; arabic={ar}; words: <10={sum(w<10 for w in wc)} 10-80={sum(10<=w<=80 for w in wc)} 81-299={sum(80<w<300 for w in wc)} >=300={sum(w>=300 for w in wc)} max={max(wc)}')
HT = re.compile(r'#\w')
nurl = sum('http' in o['text'] for o in brows); nht = sum(bool(HT.search(o['text'])) for o in brows)
print(f'   with URL={nurl} with hashtag={nht}')
# exact duplicates across everything
seen = {}
for f, i, t in alltexts:
    k = norm(t)
    if k in seen: errors.append(f'exact dup {seen[k]} vs {f}:{i}')
    seen[k] = f'{f}:{i}'
    for a in ADDR_RE.findall(t):
        if a not in ALLOWED_ADDR: errors.append(f'non-allowed address {a} in {f}:{i}')
        addr_hits[f] += 1
print('\naddresses per file:', dict(addr_hits))
# near duplicates (Jaccard of word 3-shingles)
sh = [(f, i, shingles(t)) for f, i, t in alltexts if len(t) < 3000]
near = []
for (f1,i1,s1),(f2,i2,s2) in itertools.combinations(sh, 2):
    if s1 and s2:
        j = len(s1 & s2) / len(s1 | s2)
        if j >= 0.5: near.append((round(j,2), f'{f1}:{i1}', f'{f2}:{i2}'))
print(f'near-duplicate pairs (jaccard>=0.5): {len(near)}'); [print('  ', n) for n in sorted(near, reverse=True)[:20]]
print('\nERRORS:', len(errors)); [print('  ', e) for e in errors[:30]]
if near: print('near duplicates count as errors')
raise SystemExit(1 if (errors or near) else 0)
