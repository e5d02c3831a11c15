// Test-only: render Markdown the way Streamlit's front end does (GitHub-flavoured, autolink
// literals included). One JSON string per input line; one JSON string of HTML per output line.
import {createInterface} from "node:readline";
import {unified} from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";

const gfm = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
const lines = createInterface({input: process.stdin});
lines.on("line", (line) => {
  process.stdout.write(JSON.stringify(String(gfm.processSync(JSON.parse(line)))) + "\n");
});
