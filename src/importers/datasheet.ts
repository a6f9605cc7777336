import type { Item, SuiteFile } from "../suites/schema.js";

const counts = (values: string[]): string =>
  [...values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>())]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v, n]) => `| ${v} | ${n} |`)
    .join("\n");

/** The README.md stub of an imported suite: where it comes from, what it holds, what nobody has checked. */
export function datasheet(
  suite: SuiteFile,
  items: Item[],
  source: { file: string; command: string; source: string; license: string },
  skipped: string[] = [],
): string {
  const sections = [
    `# ${suite.name.en} (${suite.id})`,
    `Imported with \`${source.command}\` from \`${source.file}\`.`,
    `- **Source:** ${source.source}\n- **Licence:** ${source.license}\n- **Criterion:** ${suite.criterion}${suite.subcriterion ? ` / ${suite.subcriterion}` : ""}, task ${suite.task}\n- **Items:** ${items.length} (the whole source record is kept under \`meta.original\`)`,
  ];
  const letters = items.filter((i) => typeof i.answer === "string" && i.choices).map((i) => String(i.answer));
  if (letters.length) sections.push(`## Gold letters\n\n| letter | items |\n| --- | --- |\n${counts(letters)}`);
  const expects = items.filter((i) => i.expect).map((i) => String(i.expect));
  if (expects.length) sections.push(`## Expected behaviour\n\n| expect | items |\n| --- | --- |\n${counts(expects)}`);
  const tagNames = [...new Set(items.flatMap((i) => Object.keys(i.tags ?? {})))];
  for (const tag of tagNames) {
    const values = items.map((i) => i.tags?.[tag]).filter((v): v is string => v !== undefined);
    const distinct = new Set(values).size;
    if (distinct <= 40) sections.push(`## Tag \`${tag}\`\n\n| ${tag} | items |\n| --- | --- |\n${counts(values)}`);
    else sections.push(`## Tag \`${tag}\`\n\n${distinct} distinct values over ${values.length} items.`);
  }
  if (skipped.length) {
    sections.push(`## Left out (${skipped.length})\n\nRecords that cannot be valid items, left out with --skip-invalid:\n\n${skipped.map((p) => `- ${p.replace(/^.*?:(\d+): /, "line $1: ")}`).join("\n")}`);
  }
  sections.push(
    "## Known limits\n\nImported as it is: vieval has not reviewed these items, their gold answers or their Vietnamese. " +
      "Items translated from other languages may not fit Vietnamese contexts. Check the licence before you redistribute the suite.",
  );
  return sections.join("\n\n") + "\n";
}
