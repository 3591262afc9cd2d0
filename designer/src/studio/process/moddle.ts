/** The `folyam:` moddle descriptor (assignees, forms, reminders, connectors…) as bpmn-js and bpmn-moddle load it. */
export { folyamModdle } from '@folyam/metamodel';
