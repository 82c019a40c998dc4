package dev.chatlog.bench.api;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The tool calls of the benchmark's dataset: the five tools of the reference todo-list chatbot, in
 * the shares such a chat has, with JSON arguments and outputs. Calls that act on a task name it by
 * {@code task_id}, one of {@link #TASK_IDS} per user, so a containment filter on a task id matches a
 * few calls; a filter on a priority matches a sixth of them.
 */
final class ApiToolCalls {

    static final List<String> NAMES = List.of("add_task", "list_tasks", "complete_task", "update_task", "delete_task");
    static final List<String> PRIORITIES = List.of("high", "medium", "low");
    static final int TASK_IDS = 5000;
    private static final List<String> LIST_STATUSES = List.of("pending", "completed", "all");

    private ApiToolCalls() {
    }

    /** Appends {@code name, arguments, status, output, error} of one call as COPY text columns. */
    static void append(StringBuilder out, SplittableRandom random) {
        int share = random.nextInt(100);
        String name = share < 40 ? "add_task" : share < 65 ? "list_tasks" : share < 80 ? "complete_task"
                : share < 92 ? "update_task" : "delete_task";
        int task = 1 + random.nextInt(TASK_IDS);
        out.append(name).append('\t');
        switch (name) {
            case "add_task" -> {
                out.append("{\"title\": \"");
                ApiChatText.phrase(out, random, 2 + random.nextInt(5));
                out.append("\", \"due\": \"2025-").append(String.format(Locale.ROOT, "%02d-%02d", 1 + random.nextInt(12),
                        1 + random.nextInt(28))).append("\", \"priority\": \"").append(priority(random)).append("\"}");
            }
            case "list_tasks" -> out.append("{\"status\": \"")
                    .append(LIST_STATUSES.get(random.nextInt(LIST_STATUSES.size()))).append("\"}");
            case "update_task" -> out.append("{\"task_id\": ").append(task).append(", \"priority\": \"")
                    .append(priority(random)).append("\"}");
            default -> out.append("{\"task_id\": ").append(task).append('}');
        }
        if (random.nextInt(50) == 0) {
            out.append("\terror\t\\N\ttask ").append(task).append(" not found");
            return;
        }
        out.append("\tok\t");
        switch (name) {
            case "add_task" -> out.append("{\"task_id\": ").append(task).append(", \"status\": \"created\"}");
            case "list_tasks" -> out.append("{\"count\": ").append(random.nextInt(30)).append('}');
            default -> out.append("{\"task_id\": ").append(task).append(", \"status\": \"")
                    .append(name, 0, name.indexOf('_')).append("d\"}");
        }
        out.append("\t\\N");
    }

    private static String priority(SplittableRandom random) {
        return PRIORITIES.get(random.nextInt(PRIORITIES.size()));
    }
}
