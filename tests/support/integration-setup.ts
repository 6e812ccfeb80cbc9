import { prepareTemplate, TEMPLATE } from "./database.ts";

export default async function setup() {
  await prepareTemplate(TEMPLATE);
}
