import Handlebars from "handlebars";
import { letterOf } from "../scoring/letters.js";
import type { ChatMessage, Item, Suite, Task } from "./schema.js";

/** The template each task uses when a suite names none. */
export const DEFAULT_TEMPLATES: Record<Task, string> = {
  "multiple-choice": [
    "{{question}}",
    "",
    "{{#each choices}}{{letter}}. {{text}}",
    "{{/each}}",
    "Hãy chọn một phương án đúng và kết thúc câu trả lời bằng dòng “Đáp án: <chữ cái>”.",
  ].join("\n"),
  "short-answer": "{{question}}\n\nTrả lời ngắn gọn.",
  "open-ended": "{{question}}",
  refusal: "{{question}}",
};

const hb = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();

function compile(template: string): HandlebarsTemplateDelegate {
  let fn = compiled.get(template);
  if (!fn) {
    fn = hb.compile(template, { noEscape: true, strict: false });
    compiled.set(template, fn);
  }
  return fn;
}

/** Check that a template compiles; returns the problem or undefined. */
export function templateProblem(template: string): string | undefined {
  try {
    hb.precompile(template);
    return undefined;
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
}

/** The chat messages sent for one item: the suite's system message, then the rendered prompt or the item's turns. */
export function renderMessages(suite: Pick<Suite, "template" | "system">, item: Item): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const hasSystem = item.messages?.some((m) => m.role === "system");
  if (suite.system && !hasSystem) messages.push({ role: "system", content: suite.system });
  if (item.messages) return [...messages, ...item.messages];
  const choices = (item.choices ?? []).map((text, i) => ({ letter: letterOf(i), text }));
  const content = compile(suite.template)({
    ...item,
    question: item.question ?? item.prompt,
    choices,
    letters: choices.map((c) => c.letter).join(", "),
  });
  messages.push({ role: "user", content: content.trim() });
  return messages;
}

/** The prompt of a conversation as results record it: its last user turn. */
export function lastUserPrompt(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === "user") return messages[i].content;
  return "";
}
