export const letterOf = (index: number): string => String.fromCharCode(65 + index);
export const indexOf = (letter: string): number => letter.toUpperCase().charCodeAt(0) - 65;
