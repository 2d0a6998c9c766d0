// The nynorsk table must be nynorsk, not bokmål with a few words changed,
// and the bokmål table bokmål: a cheap check for the commonest slips
// either way (templates/language_test.go does the same for the templates).
// A person who writes nynorsk still has to read the texts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES } from '../static/messages.js';

/** Common bokmål forms that nynorsk writes otherwise (nynorsk in brackets). */
const BOKMAL_ONLY = [
  'hva', 'hvem', 'hvordan', 'hvorfor', 'hvilke', 'hvilken', 'hvilket', 'hvor', 'hver', 'hvert', 'hvis', // kva, kven, korleis, kvifor, kva for, kvar, viss/om
  'ikke', 'jeg', 'noen', 'noe', 'fra', 'bare', 'sammen', 'gjøre', 'gjør', 'være', 'mer', 'mye', // ikkje, eg, nokon, noko, frå, berre, saman, gjere, vere, meir, mykje
  'dere', 'deres', 'også', 'nå', 'selv', 'uten', 'ennå', 'allerede', 'fortsatt', // de/dykk, dykkar, òg, no, sjølv, utan, enno, alt, framleis
  'navn', 'navnet', 'lenke', 'lenken', 'tilkoblet', 'frakoblet', 'kobler', 'koble', // namn, lenkje, tilkopla, fråkopla, koplar
  'hun', 'ham', 'dem', 'ble', 'fikk', 'gikk', 'sier', 'mens', 'hjem', 'hjemme', // ho, han, dei, vart/blei, fekk, gjekk, seier, medan, heim
  'slettet', 'lagret', 'endret', 'åpnet', 'åpne', 'laget', 'egen', 'eget', 'egne', 'samme', // sletta, lagra, endra, opna, opne, laga, eigen, same
  'viktigste', 'ideer', 'deltakere', 'deltakerne', 'deltaker', 'gruppen', 'tiden', 'disse', // viktigaste, idear, deltakarar, gruppa, tida, desse
  'løsninger', 'tjenester', 'høyt', 'høyst', 'følger', 'følge', 'spørre', 'enige', 'valgt', 'valgte', // løysingar, tenester, høgt, følgjer, spørje, samde, valt
  'lapper', 'lappene', 'rammen', 'kortene', 'prikker', 'avstemningen', 'tidtakeren', 'kommunene', 'kommuner', // lappar, ramma, korta, prikkar, kommunar
  'velkommen', 'verksted', 'verkstedet', 'verksteder', 'verkstedene', 'målbilder', 'målbildene', 'innbyggere', // velkomen, verkstad, målbilete, innbyggjarar
  'vises', 'lagres', 'slettes', 'skrives', 'tavlen', 'deltakeren', // blir vist, tavla, deltakaren
];

/** Common nynorsk forms that bokmål writes otherwise. */
const NYNORSK_ONLY = [
  'ikkje', 'kva', 'korleis', 'kvifor', 'kven', 'eit', 'ein', 'eg', 'berre', 'saman', 'frå', 'meir', 'mykje', 'dykk',
  'dykkar', 'nokon', 'noko', 'nokre', 'vere', 'gjere', 'kvar', 'kvart', 'utan', 'eigen', 'eige', 'eigne', 'òg', 'enno',
  'framleis', 'namn', 'namnet', 'vart', 'fekk', 'gjekk', 'medan', 'heim', 'heime', 'viktigaste', 'idear', 'deltakarar',
  'deltakarane', 'innbyggjarar', 'innbyggjarane', 'vegkart', 'målbilete', 'verkstad', 'verkstaden', 'verkstader',
  'høgt', 'høgst', 'følgje', 'spørje', 'samde', 'valde', 'lappar', 'lappane', 'prikkar', 'kommunane', 'kommunar', 'sjølv',
  'sjå', 'seie', 'kome', 'dei', 'velkomen', 'løysingar', 'tenester', 'tenaren', 'koplar', 'kopla', 'lenkja',
];

/** @param {string} s @returns {string[]} the words of s, lower case */
const words = (s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * The entries of a table that use a word of list, as "key: word".
 * @param {Record<string, string>} table
 * @param {string[]} list
 */
function slips(table, list) {
  const bad = new Set(list);
  const out = [];
  for (const [key, text] of Object.entries(table)) {
    if (key === 'lang.name' || key.startsWith('lang.option.')) continue; // names of languages
    for (const w of words(text)) if (bad.has(w)) out.push(`${key}: «${w}» in «${text}»`);
  }
  return out;
}

describe('language forms', () => {
  it('the word lists find what they should', () => {
    assert.deepEqual(slips({ a: 'Vi fann ikke koden' }, BOKMAL_ONLY), ['a: «ikke» in «Vi fann ikke koden»']);
    assert.deepEqual(slips({ a: 'Kva vil du?' }, NYNORSK_ONLY), ['a: «kva» in «Kva vil du?»']);
    assert.equal(new Set(BOKMAL_ONLY).size, BOKMAL_ONLY.length);
    assert.equal(BOKMAL_ONLY.filter((w) => NYNORSK_ONLY.includes(w)).length, 0, 'no word in both lists');
  });

  it('the nynorsk table has no common bokmål forms', () => {
    assert.deepEqual(slips(MESSAGES.nn, BOKMAL_ONLY), []);
  });

  it('the bokmål table has no common nynorsk forms', () => {
    assert.deepEqual(slips(MESSAGES.nb, NYNORSK_ONLY), []);
  });
});
