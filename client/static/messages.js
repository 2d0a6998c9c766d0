// Every text the client shows, one table per language. This file is data
// only: to add a language, add a table with the same keys (test/i18n.test.mjs
// checks that every table has every key, and none is empty). `lang.name` is
// the language's name in itself, for the language picker.
//
// Placeholders in braces ({name}) are filled in by i18n.js; the result is
// always put into the page as text, never as HTML. Keys ending in .one,
// .two, .other... are plural forms chosen with Intl.PluralRules.
//
// Plain language: short sentences, everyday words, "du".
//
// Each language's table is a module of its own under messages/, so a page
// can load just the one it shows.

import nb from './messages/nb.js';
import nn from './messages/nn.js';
import en from './messages/en.js';

/** @type {Record<string, Record<string, string>>} */
export const MESSAGES = { nb, nn, en };
