export { type Demo, type DemoOptions, startDemo, WIDGET_DIST, widgetBuilt } from './stack.ts';
