/**
 * The bad-input matrix (issue 8), shared by the CLI, API and queue tests: each
 * row is one input line and the error it must get (null: it must be judged).
 */
export const GOOD_LINE = '{"id":"after","channel":"caption","text":"包成活"}';
const nested = "[".repeat(5000) + "]".repeat(5000);
const deepAttrs = '{"id":"deep-attrs","channel":"listing","listing":{"title":"多肉","attributes":{"材质":' + "[".repeat(4000) + '"棉"' + "]".repeat(4000) + "}}}";
const bigExtra = JSON.stringify({ id: "big-extra", channel: "caption", text: "你好", extra: { notes: Array.from({ length: 3000 }, (_, i) => `备注${i}`.repeat(3)) } });
const deepObj = '{"id":"deep","channel":"caption","text":"x","extra":' + '{"a":'.repeat(3000) + "1" + "}".repeat(3000) + "}";

export const BAD_INPUTS: Array<[name: string, line: Buffer | string, expectError: RegExp | null]> = [
  ["empty text", '{"id":"e","channel":"caption","text":""}', /text/],
  ["whitespace text", '{"id":"w","channel":"script","text":"   "}', /text/],
  ["1 MB of text", JSON.stringify({ id: "big", channel: "script", text: "这个锅很好用 ".repeat(140_000) }), null],
  ["invalid UTF-8", Buffer.concat([Buffer.from('{"id":"u","channel":"caption","text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), /UTF-8/],
  ["NUL bytes", Buffer.from('{"id":"n","channel":"caption","text":"a\u0000b"}'), /NUL/],
  ["escaped NUL in JSON", '{"id":"n2","channel":"caption","text":"a\\u0000b包成活"}', null],
  ["binary", Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x89, 0x50, 0x4e, 0x47]), /NUL|UTF-8|JSON/],
  ["10,000 emoji", JSON.stringify({ id: "emoji", channel: "caption", text: "😀".repeat(10_000) }), null],
  ["zero-width flood", JSON.stringify({ id: "zw", channel: "caption", text: "包" + "\u200b".repeat(50_000) + "成活" }), null],
  ["deeply nested JSON array", nested, /object/],
  // Free-form values are capped (depth 8, 64 KB; src/io/item-schema.ts): one error record, not a crash.
  ["deeply nested JSON object", deepObj, /extra: nested deeper than 8 levels/],
  ["listing.attributes 4,000 levels deep", deepAttrs, /listing\.attributes: nested deeper than 8 levels/],
  ["extra over 64 KB", bigExtra, /extra: larger than 64 KB/],
  ["id that is an object", '{"id":{"toString":1},"channel":"caption","text":"包成活"}', /id: must be a non-empty string or a number/],
  ["id that is an array", '{"id":["a"],"channel":"caption","text":"包成活"}', /id: must be a non-empty string or a number/],
  ["id that is a boolean", '{"id":true,"channel":"caption","text":"包成活"}', /id: must be a non-empty string or a number/],
  ["wrong types", '{"id":"t","channel":"caption","text":42}', /text/],
  ["fragments of wrong type", '{"id":"t2","channel":"caption","fragments":"包成活"}', /fragments/],
  ["missing id", '{"channel":"caption","text":"你好"}', /id/],
  ["unknown channel", '{"id":"c","channel":"tv","text":"你好"}', /channel/],
  ["listing without listing", '{"id":"l","channel":"listing"}', /listing/],
  ["JSON that is not an object", "[1,2,3]", /object/],
];

