/** `hegui account` commands: registered with registerCommand() from ./main.js. (Owned by the account module.) */
export {};
