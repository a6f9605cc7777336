import { readFileSync } from "node:fs";
import { packagePath } from "./package-path.js";

export const VERSION: string = JSON.parse(readFileSync(packagePath("package.json"), "utf8")).version;
