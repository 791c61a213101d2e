/** `hegui queue` commands: registered with registerCommand() from ./main.js. (Owned by the queue module.) */
export {};
